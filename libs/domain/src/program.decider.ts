import type { Program, ProgramVersion } from './program';
import type { RuleProgramCommand } from './rules/registry';
import { decideRuleProgramCommand, evolveRuleProgram, keptSettings, validateProgram, withoutKeptSettings } from './rules/registry';
import type { ProgramEvent } from './program.events';
import { canonicalJson } from './canonical-json';
import { ProgramNotConfigured } from './errors';

export interface ConfigureProgram {
  type: 'ConfigureProgram';
  data: { program: Program; now: string };
}

/** Setting the program, or a command of a rule whose settings its own program events keep (a campaign created, ended). */
export type ProgramCommand = ConfigureProgram | (RuleProgramCommand & { tenant?: string });

export interface ProgramState {
  program: Program | null;
  /** Revision of the program stream's last event (every event of it is a revision of the rules); -1 before any. */
  revision: number;
  /** When the program was last set (PUT …/program): what falls due as time passes is decided from then on. */
  since: string | null;
}

export function initialProgramState(): ProgramState {
  return { program: null, revision: -1, since: null };
}

/** The program a decision is made under, from the program's state; undefined before any. */
export function programVersionOf(state: ProgramState): ProgramVersion | undefined {
  return state.program ? { revision: state.revision, rules: state.program, ...(state.since !== null && { since: state.since }) } : undefined;
}

/**
 * Setting the same program again records nothing, so a PUT can be retried. Setting the program
 * leaves the settings kept by the rules' own events (the campaigns) as they are.
 */
export function decideProgram(command: ProgramCommand, state: ProgramState): ProgramEvent[] {
  if (command.type !== 'ConfigureProgram') {
    if (!state.program) throw new ProgramNotConfigured(command.tenant ?? 'this tenant');
    return decideRuleProgramCommand(command, state.program);
  }
  const { now } = command.data;
  const program = withoutKeptSettings(command.data.program);
  validateProgram(program);
  if (state.program && canonicalJson(withoutKeptSettings(state.program)) === canonicalJson(program)) return [];
  return [{ type: 'ProgramConfigured', data: { program, configuredAt: now } }];
}

/** `revision` is the stream revision of the event being applied. */
export function evolveProgram(state: ProgramState, event: ProgramEvent, revision: number): ProgramState {
  switch (event.type) {
    case 'ProgramConfigured':
      return { program: { ...event.data.program, ...keptSettings(state.program) }, revision, since: event.data.configuredAt };
    default:
      // Events before any program are refused by decideProgram; a stream holding one anyway keeps no program for it.
      return state.program ? { program: evolveRuleProgram(state.program, event), revision, since: state.since } : { ...state, revision };
  }
}
