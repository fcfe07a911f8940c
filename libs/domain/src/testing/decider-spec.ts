import { expect } from '@jest/globals';
import type { CustomerCommand } from '../customer.commands';
import { decideAndEvolveCustomer } from '../customer.decider';
import type { CustomerEvent } from '../customer.events';
import { foldCustomer } from '../customer.state';
import { PersistentMap } from '../persistent-map';
import type { DomainError } from '../errors';
import type { ProgramCommand } from '../program.decider';
import { decideProgram, evolveProgram, initialProgramState } from '../program.decider';
import type { ProgramEvent } from '../program.events';

/**
 * Specifications in the decider's own shape: given these events, when this command, then these
 * events (or this error). The events are folded into state exactly as a replay would.
 */
export interface Spec<Command, Event> {
  given(events: Event[]): {
    when(command: Command): {
      /** Exactly these events are decided, in this order. */
      then(expected: Event[]): void;
      /** Nothing is decided: a retry appends nothing. */
      thenNothing(): void;
      /** The command is refused with this error, and the error carries these fields. */
      thenThrows(error: abstract new (...args: never[]) => DomainError, fields?: Partial<DomainError>): void;
    };
  };
}

export function deciderSpec<Command, Event, State>(decider: {
  decide(command: Command, state: State): Event[];
  fold(events: Event[]): State;
}): Spec<Command, Event> {
  return {
    given: (events) => ({
      when: (command) => {
        const decide = () => decider.decide(command, decider.fold(events));
        const then = (expected: Event[]) => {
          expect(decide()).toEqual(expected);
        };
        return {
          then,
          thenNothing: () => then([]),
          thenThrows: (error, fields) => {
            let thrown: unknown;
            try {
              decide();
            } catch (caught) {
              thrown = caught;
            }
            expect(thrown).toBeInstanceOf(error);
            if (fields) expect(thrown).toMatchObject(fields);
          },
        };
      },
    }),
  };
}

/** A value with its maps and sets as lists of entries, at any depth: a persistent map's inner shape depends on how it was read. */
const contentOf = (value: unknown): unknown => {
  if (value instanceof PersistentMap || value instanceof Set) return [...value].map(contentOf);
  if (Array.isArray(value)) return value.map(contentOf);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([field, inner]) => [field, contentOf(inner)]));
};

export const customerSpec = deciderSpec<CustomerCommand, CustomerEvent, ReturnType<typeof foldCustomer>>({
  // Every spec also checks that the state handed on with the events is the one a replay folds.
  decide: (command, state) => {
    const decided = decideAndEvolveCustomer(command, state);
    expect(contentOf(decided.state)).toEqual(contentOf(foldCustomer(decided.events, state)));
    return decided.events;
  },
  fold: (events) => foldCustomer(events),
});

export const programSpec = deciderSpec<ProgramCommand, ProgramEvent, ReturnType<typeof initialProgramState>>({
  decide: decideProgram,
  fold: (events) => events.reduce((state, event, revision) => evolveProgram(state, event, revision), initialProgramState()),
});
