import { campaignPointsOf, canonicalJson, decideCustomer, PASS_TIME_PREFIX, rebuildRuleCommand } from '@setia/domain';
import type { CustomerCommand, CustomerEvent, CustomerState, ProgramVersion } from '@setia/domain';
import type { AuditEvent } from './audit-event';
import type { Difference } from './difference';
import type { ProgramHistory } from './program-history';

/** The events one command recorded: consecutive events of a stream with the same commandId. */
export interface RecordedDecision {
  commandId: string;
  events: AuditEvent[];
}

export interface RedecideOutcome {
  /** The program revision the decision used, or null when it needs none. */
  programRevision: number | null;
  difference?: Difference;
}

/**
 * Decides the recorded command again, with the customer as the ledger stood before it and the
 * program revision the decision recorded, and compares what the rules decide now with what was
 * recorded. Same rules, same state, same command: the same events, or the ledger was altered or
 * the rules' code changed meaning.
 */
export function redecide(
  customerId: string,
  decision: RecordedDecision,
  before: CustomerState,
  programs: ProgramHistory,
): RedecideOutcome {
  const first = decision.events[0];
  const at = { stream: first.stream, revision: first.revision, position: first.position };
  const programRevision = recordedProgramRevision(decision.events);
  const program =
    programRevision === null ? programs.inForceAt(first.position) : programs.atRevision(programRevision, first.position);
  // Every command but an erasure decides under the program (a card replacement has one in force: the enrolment's or later).
  if (first.type !== 'PersonalDataErased' && !program) {
    return {
      programRevision,
      difference: {
        kind: 'program-missing',
        ...at,
        message:
          programRevision === null
            ? `no program was in force for this ${first.type}`
            : `the ${first.type} names program revision ${programRevision}, which the program stream does not have`,
      },
    };
  }
  const command = commandOf(customerId, decision, program as ProgramVersion);
  if (!command) return { programRevision };
  let decided: CustomerEvent[];
  try {
    decided = decideCustomer(command, before);
  } catch (error) {
    return {
      programRevision,
      difference: {
        kind: 'decision-mismatch',
        ...at,
        message: `the rules now refuse this ${first.type}: ${(error as Error).message}`,
      },
    };
  }
  const count = Math.max(decision.events.length, decided.length);
  for (let i = 0; i < count; i++) {
    if (sameEvent(decision.events[i], decided[i])) continue;
    const recorded = decision.events[i] && canonicalJson({ type: decision.events[i].type, data: decision.events[i].data });
    const expected = decided[i] && canonicalJson(decided[i]);
    const event = decision.events[Math.min(i, decision.events.length - 1)];
    return {
      programRevision: program?.revision ?? programRevision,
      difference: {
        kind: 'decision-mismatch',
        stream: event.stream,
        revision: event.revision,
        position: event.position,
        message: mismatchMessage(recorded, expected, first.type, program?.revision ?? programRevision),
      },
    };
  }
  return { programRevision: program?.revision ?? programRevision };
}

function sameEvent(recorded: AuditEvent | undefined, decided: CustomerEvent | undefined): boolean {
  return !!recorded && !!decided && recorded.type === decided.type && sameValue(recorded.data, decided.data);
}

/**
 * Equal as JSON values, whatever the key order (a store may not keep it). Walks both values
 * instead of serialising them: this runs for every event of a tenant's verify.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  for (const key in left) {
    if (left[key] === undefined) continue;
    count += 1;
    if (!sameValue(left[key], right[key])) return false;
  }
  for (const key in right) if (right[key] !== undefined) count -= 1;
  return count === 0;
}

function mismatchMessage(recorded: string | undefined, expected: string | undefined, command: string, revision: number | null): string {
  const rules = revision === null ? 'the rules' : `program revision ${revision}`;
  if (recorded === undefined) return `the ${command} should also have recorded ${expected} under ${rules}`;
  if (expected === undefined) return `the ${command} recorded ${recorded}, which ${rules} does not decide`;
  return `the ${command} recorded ${recorded}, but ${rules} decides ${expected}`;
}

function recordedProgramRevision(events: readonly AuditEvent[]): number | null {
  for (const event of events) {
    const revision = (event.data as { programRevision?: unknown } | null)?.programRevision;
    if (typeof revision === 'number') return revision;
  }
  return null;
}

/**
 * The command that recorded a decision: time passing (its command id says until when), a rule's
 * own command (the rule rebuilds it), or one of the ledger's.
 */
function commandOf(customerId: string, decision: RecordedDecision, program: ProgramVersion): CustomerCommand | undefined {
  if (decision.commandId.startsWith(PASS_TIME_PREFIX)) return { type: 'PassTime', data: { customerId, until: decision.commandId.slice(PASS_TIME_PREFIX.length), program } };
  const first = decision.events[0];
  const command = rebuildRuleCommand({ type: first.type, data: first.data } as CustomerEvent, customerId, program) ?? commandFor(customerId, first, program);
  // The budget points a purchase was handed come from the campaigns' budget streams, not the
  // ledger: each campaign had at least what it gave, and what it did not give, it did not have.
  if (command?.type === 'RecordPurchase') command.data.budgets = Object.fromEntries(campaignPointsOf(decision.events));
  return command;
}

/**
 * The ledger's command that recorded a decision, rebuilt from its first event.
 *
 * Personal fields (card numbers, birthday, comment) are taken as stored: sealed with the customer's
 * key, null once erased, or clear text from before encryption. The rules never compute with them,
 * only copy them into the event (and compare them with a retry, which a re-decision is not, or a
 * new card with the one held, which a sealed value never equals: the replacement recorded is
 * decided again), so the decision comes back with the very stored form and is compared with it.
 * The auditor thus needs no key, sees no personal value, and gets the same answer before and
 * after an erasure.
 */
export function commandFor(customerId: string, first: AuditEvent, program: ProgramVersion): CustomerCommand | undefined {
  const event = { type: first.type, data: first.data } as CustomerEvent;
  switch (event.type) {
    case 'CustomerEnrolled': {
      const { data } = event;
      return {
        type: 'Enrol',
        data: {
          customerId,
          // Stored form, see above: the rules copy it through without reading it.
          cardNumber: data.cardNumber as string,
          ...(data.birthday !== undefined && { birthday: data.birthday as string }),
          ...(data.birthMonth !== undefined && { birthMonth: data.birthMonth }),
          ...(data.homeStoreId !== undefined && { homeStoreId: data.homeStoreId }),
          ownReferralCode: data.referralCode,
          ...(data.referredBy && { referral: { code: data.referredBy.referralCode, referrerId: data.referredBy.customerId } }),
          now: data.enrolledAt,
          program,
        },
      };
    }
    case 'PurchaseRecorded': {
      const { receiptId, storeId, occurredAt, currency, total, lines, discounts, charges, appliedOffers } = event.data;
      return {
        type: 'RecordPurchase',
        data: {
          receiptId,
          storeId,
          customerId,
          occurredAt,
          currency,
          total,
          lines,
          ...(discounts && { discounts }),
          ...(charges && { charges }),
          // The offers the till applied: the rules price them again, so what each took off is decided anew.
          ...(appliedOffers && { appliedOffers: appliedOffers.map((offer) => offer.offerId) }),
          now: occurredAt,
          program,
        },
      };
    }
    case 'ReturnRecorded': {
      const { returnId, receiptId, storeId, occurredAt, amount, lines } = event.data;
      // The goods that came back, as a till names them: the rules resolve them to the receipt's lines anew.
      const asked = lines && { lines: lines.map(({ sku, quantity }) => ({ sku, quantity })) };
      return { type: 'RecordReturn', data: { returnId, receiptId, storeId, customerId, occurredAt, amount, ...asked, now: occurredAt, program } };
    }
    case 'RewardRedeemed': {
      const { data } = event;
      return {
        type: 'RedeemReward',
        data: { redemptionId: data.redemptionId, customerId, rewardId: data.rewardId, storeId: data.storeId, now: data.occurredAt, program },
      };
    }
    case 'RedemptionCancelled':
      return { type: 'CancelRedemption', data: { redemptionId: event.data.redemptionId, customerId, now: event.data.occurredAt, program } };
    case 'FeedbackSubmitted': {
      const { occurredAt, comment, ...data } = event.data;
      // The comment in its stored form, see above.
      return {
        type: 'SubmitFeedback',
        data: { ...data, ...(comment !== undefined && { comment: comment as string }), customerId, now: occurredAt, program },
      };
    }
    case 'CardReplaced':
      // The new number in its stored form, see above.
      return { type: 'ReplaceCard', data: { customerId, cardNumber: event.data.cardNumber as string, now: event.data.occurredAt } };
    case 'PersonalDataErased':
      return { type: 'ErasePersonalData', data: { customerId, now: event.data.erasedAt } };
    default:
      return undefined;
  }
}
