import type { Program } from './program';
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
}

export function initialProgramState(): ProgramState {
  return { program: null, revision: -1 };
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
      return { program: event.data.program, revision };
  }
}
