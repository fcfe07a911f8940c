import type { Program, ProgramVersion } from './program';
import { validateProgram } from './rules/registry';
import type { ProgramEvent } from './program.events';
import { canonicalJson } from './canonical-json';

export interface ConfigureProgram {
  type: 'ConfigureProgram';
  data: { program: Program; now: string };
}

export type ProgramCommand = ConfigureProgram;

export interface ProgramState {
  program: Program | null;
  /** Revision of the event that set the current program; -1 before any. */
  revision: number;
  /** When that revision was configured. */
  since: string | null;
}

export function initialProgramState(): ProgramState {
  return { program: null, revision: -1, since: null };
}

/** The program a decision is made under, from the program's state; undefined before any. */
export function programVersionOf(state: ProgramState): ProgramVersion | undefined {
  return state.program ? { revision: state.revision, rules: state.program, ...(state.since !== null && { since: state.since }) } : undefined;
}

/** Setting the same program again records nothing, so a PUT can be retried. */
export function decideProgram(command: ProgramCommand, state: ProgramState): ProgramEvent[] {
  const { program, now } = command.data;
  validateProgram(program);
  if (state.program && canonicalJson(state.program) === canonicalJson(program)) return [];
  return [{ type: 'ProgramConfigured', data: { program, configuredAt: now } }];
}

/** `revision` is the stream revision of the event being applied. */
export function evolveProgram(state: ProgramState, event: ProgramEvent, revision: number): ProgramState {
  switch (event.type) {
    case 'ProgramConfigured':
      return { program: event.data.program, revision, since: event.data.configuredAt };
  }
}
