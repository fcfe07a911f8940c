import type { EventContracts } from './event-contract';
import { dateTimeSchema } from './json-schema';
import type { Program } from './program';
import type { RuleProgramEvent } from './rules/registry';
import { PROGRAM_SCHEMA, RULE_PROGRAM_EVENT_CONTRACTS } from './rules/registry';

/**
 * The program stream `program-<tenant>`: rules are events, so a replay uses the rules in force.
 * The program as set (PUT …/program), and the events of the rules whose settings are kept one item
 * at a time (a campaign created, ended): every event is a revision of the rules.
 */
export type ProgramConfigured = {
  type: 'ProgramConfigured';
  data: { program: Program; configuredAt: string };
};

export type ProgramEvent = ProgramConfigured | RuleProgramEvent;

export type ProgramEventType = ProgramEvent['type'];

/** What downstream systems receive of the program's events (the revision comes from the stream). */
export const PROGRAM_EVENT_CONTRACTS: EventContracts<ProgramEvent> = {
  ProgramConfigured: {
    description: 'The tenant\'s program rules as of this revision (the campaigns, created and ended by their own events, stay as they were); decisions name the revision they used (programRevision).',
    fields: {
      configuredAt: dateTimeSchema('When the rules were configured (RFC 3339).'),
      program: PROGRAM_SCHEMA,
    },
  },
  ...RULE_PROGRAM_EVENT_CONTRACTS,
};
