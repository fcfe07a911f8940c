import type { EventContracts } from './event-contract';
import { dateTimeSchema } from './json-schema';
import type { Program } from './program';
import { PROGRAM_SCHEMA } from './rules/registry';

/** The program stream `program-<tenant>`: rules are events, so a replay uses the rules in force. */
export type ProgramConfigured = {
  type: 'ProgramConfigured';
  data: { program: Program; configuredAt: string };
};

export type ProgramEvent = ProgramConfigured;

export type ProgramEventType = ProgramEvent['type'];

/** What downstream systems receive of the program's events (the revision comes from the stream). */
export const PROGRAM_EVENT_CONTRACTS: EventContracts<ProgramEvent> = {
  ProgramConfigured: {
    description: 'The tenant\'s program rules as of this revision; decisions name the revision they used (programRevision).',
    fields: {
      configuredAt: dateTimeSchema('When the rules were configured (RFC 3339).'),
      program: PROGRAM_SCHEMA,
    },
  },
};
