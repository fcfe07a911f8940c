import type { Program } from './program';

/** The program stream `program-<tenant>`: rules are events, so a replay uses the rules in force. */
export type ProgramEvent = {
  type: 'ProgramConfigured';
  data: { program: Program; configuredAt: string };
};

export type ProgramEventType = ProgramEvent['type'];
