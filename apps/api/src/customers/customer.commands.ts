import { randomUUID } from 'node:crypto';
import { ForbiddenException, Injectable } from '@nestjs/common';
import { Command, CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import {
  AccessRegistry,
  cancellationAnswer,
  CardIndex,
  ClaimRegistry,
  CustomerLedger,
  enrolmentAnswer,
  feedbackAnswer,
  PersonalDataErasure,
  purchaseAnswer,
  redemptionAnswer,
  ReferralCodes,
  returnAnswer,
  summary,
} from '@setia/application';
import type { CommandContext, CommandOutcome } from '@setia/application';
import { CardInUse, RedemptionNotFound, storedInstant } from '@setia/domain';
import type { ClaimKind, CustomerCommand } from '@setia/domain';
import type { CardDto, EnrolmentDto, FeedbackDto, PurchaseDto, RedemptionDto, ReturnDto } from './requests.dto';
import { PartnerRedemptions } from './partners';

type Answer<F extends (...args: never[]) => unknown> = ReturnType<F>;

/**
 * A command's data: the request's fields and what the decision adds (time, program). Object.assign
 * rather than { ...request, now, program }: a spread followed by more fields takes the slow path
 * of Node 20's V8, several times the cost.
 */
const commandData = <Request extends object, Added extends object>(request: Request, added: Added): Request & Added => Object.assign({}, request, added);

export class EnrolMember extends Command<Answer<typeof enrolmentAnswer>> {
  constructor(readonly context: CommandContext, readonly request: EnrolmentDto) {
    super();
  }
}

@CommandHandler(EnrolMember)
export class EnrolMemberHandler implements ICommandHandler<EnrolMember> {
  constructor(private readonly ledger: CustomerLedger, private readonly codes: ReferralCodes, private readonly cards: CardIndex) {}

  async execute({ context, request }: EnrolMember) {
    const { customerId, referralCode } = request;
    // Another member's card refused before the member's referral code is claimed; the write side
    // checks again, in the index, as the enrolment is appended.
    const holder = await this.cards.holder(context.tenant, request.cardNumber, (id) => this.ledger.state(context.tenant, id));
    if (holder && holder.customerId !== customerId) throw new CardInUse();
    const ownReferralCode = await this.codes.codeFor(context.tenant, customerId);
    const referrerId = referralCode === undefined ? undefined : await this.codes.resolve(context.tenant, referralCode);
    const outcome = await this.ledger.execute({
      context,
      customerId,
      commandId: `enrol:${customerId}`,
      needsProgram: true,
      build: (now, program) => ({
        type: 'Enrol',
        data: {
          customerId,
          cardNumber: request.cardNumber,
          birthday: request.birthday,
          // The month the rules may read: the birthday itself is sealed (see CustomerEnrolled).
          birthMonth: request.birthday === undefined ? undefined : Number(request.birthday.slice(5, 7)),
          homeStoreId: request.homeStoreId,
          ownReferralCode,
          referral: referralCode === undefined ? undefined : { code: referralCode, referrerId: referrerId ?? null },
          now,
          program: program!,
        },
      }),
    });
    return enrolmentAnswer(customerId, outcome);
  }
}

/**
 * A till's command recorded on a customer's ledger: it claims the tenant-wide id it names, and
 * its request (as recorded) plus the time and the program make the ledger's command. The four
 * such commands differ only in this table.
 */
type TillCommandType = 'RecordPurchase' | 'RecordReturn' | 'RedeemReward' | 'SubmitFeedback';
/** A request is the ledger command's data but what the decision adds. */
type RequestOf<Type extends TillCommandType> = Omit<Extract<CustomerCommand, { type: Type }>['data'], 'now' | 'program' | 'budgets'>;

interface TillCommand<Request extends RequestOf<Type>, Type extends TillCommandType, A> {
  type: Type;
  /** The claimed id's kind and field; the command's own id is `<name>:<id>`. */
  name: string;
  claim: { kind: ClaimKind; field: keyof Request & string };
  /** The request as recorded: instants in UTC, so the same moment sent with another offset is the same request. */
  recorded?(request: Request): Request;
  /** What the claim keeps of the request (stored in clear and never erased); all of it by default. */
  claimed?(request: Request): unknown;
  answer(request: Request, outcome: CommandOutcome): A;
  /** Whether the command spends from campaign budgets (a purchase) or gives back to them (a return). */
  budgets?: 'spend' | 'give back';
}

/** What a command adds to its request besides the time and the program (purchases: the tenant's first receipts). */
type Added = Record<string, unknown>;

// Injectable for its constructor's metadata, which the handlers below inherit.
@Injectable()
abstract class TillCommandHandler<Request extends RequestOf<Type>, Type extends TillCommandType, A> {
  protected abstract readonly till: TillCommand<Request, Type, A>;

  constructor(private readonly ledger: CustomerLedger) {}

  /** What the command's data adds to the request as recorded; nothing by default. */
  protected async added(_context: CommandContext): Promise<Added> {
    return {};
  }

  async execute({ context, request }: { context: CommandContext; request: Request }): Promise<A> {
    const { till } = this;
    const added = await this.added(context);
    const recorded = till.recorded?.(request) ?? { ...request };
    const { customerId } = recorded;
    const id = recorded[till.claim.field] as string;
    const outcome = await this.ledger.execute({
      context,
      customerId,
      commandId: `${till.name}:${id}`,
      claim: { kind: till.claim.kind, id, field: till.claim.field, customerId, request: till.claimed?.(recorded) ?? recorded },
      needsProgram: true,
      // RequestOf ties each request to its command's data: the command is the request, the time and the program.
      budgets: till.budgets,
      build: (now, program, budgets) =>
        ({ type: till.type, data: commandData(recorded, { ...added, ...(till.budgets === 'spend' ? { budgets, now, program: program! } : { now, program: program! }) }) }) as unknown as CustomerCommand,
    });
    return till.answer(recorded, outcome);
  }
}

const PURCHASE: TillCommand<PurchaseDto, 'RecordPurchase', ReturnType<typeof purchaseAnswer>> = {
  type: 'RecordPurchase',
  name: 'purchase',
  claim: { kind: 'receipt', field: 'receiptId' },
  recorded: (request) => ({ ...request, occurredAt: storedInstant(request.occurredAt), lines: request.lines.map((line) => ({ ...line })) }),
  budgets: 'spend',
  answer: (request, outcome) => purchaseAnswer(request.customerId, request.receiptId, outcome),
};

const RETURN: TillCommand<ReturnDto, 'RecordReturn', ReturnType<typeof returnAnswer>> = {
  type: 'RecordReturn',
  name: 'return',
  claim: { kind: 'return', field: 'returnId' },
  recorded: (request) => ({ ...request, occurredAt: storedInstant(request.occurredAt) }),
  budgets: 'give back',
  answer: (request, outcome) => returnAnswer(request.customerId, request.returnId, request.receiptId, outcome),
};

const REDEMPTION: TillCommand<RedemptionDto, 'RedeemReward', ReturnType<typeof redemptionAnswer>> = {
  type: 'RedeemReward',
  name: 'redemption',
  claim: { kind: 'redemption', field: 'redemptionId' },
  answer: (request, outcome) => redemptionAnswer(request.customerId, request.redemptionId, outcome),
};

const FEEDBACK: TillCommand<FeedbackDto, 'SubmitFeedback', ReturnType<typeof feedbackAnswer>> = {
  type: 'SubmitFeedback',
  name: 'feedback',
  claim: { kind: 'feedback', field: 'feedbackId' },
  // The claim holds no comment (it is personal); the customer's own ledger compares the comment of a retry.
  claimed: ({ feedbackId: _id, customerId: _customer, comment: _personal, ...claimed }) => claimed,
  answer: (request, outcome) => feedbackAnswer(request.customerId, request.feedbackId, outcome),
};

export class RecordPurchase extends Command<Answer<typeof purchaseAnswer>> {
  constructor(readonly context: CommandContext, readonly request: PurchaseDto) {
    super();
  }
}

@CommandHandler(RecordPurchase)
export class RecordPurchaseHandler extends TillCommandHandler<PurchaseDto, 'RecordPurchase', Answer<typeof purchaseAnswer>> implements ICommandHandler<RecordPurchase> {
  protected readonly till = PURCHASE;

  constructor(ledger: CustomerLedger, private readonly access: AccessRegistry) {
    super(ledger);
  }

  /** A purchase from before the tenant's first receipts is refused (the decider knows when those are). */
  protected override async added(context: CommandContext): Promise<Added> {
    const receiptsSince = await this.access.receiptsSince(context.tenant);
    return receiptsSince === null ? {} : { receiptsSince };
  }
}

export class RecordReturn extends Command<Answer<typeof returnAnswer>> {
  constructor(readonly context: CommandContext, readonly request: ReturnDto) {
    super();
  }
}

@CommandHandler(RecordReturn)
export class RecordReturnHandler extends TillCommandHandler<ReturnDto, 'RecordReturn', Answer<typeof returnAnswer>> implements ICommandHandler<RecordReturn> {
  protected readonly till = RETURN;
}

export class RedeemReward extends Command<Answer<typeof redemptionAnswer>> {
  constructor(readonly context: CommandContext, readonly request: RedemptionDto) {
    super();
  }
}

@CommandHandler(RedeemReward)
export class RedeemRewardHandler extends TillCommandHandler<RedemptionDto, 'RedeemReward', Answer<typeof redemptionAnswer>> implements ICommandHandler<RedeemReward> {
  protected readonly till = REDEMPTION;

  constructor(ledger: CustomerLedger, private readonly partners: PartnerRedemptions) {
    super(ledger);
  }

  /** A partner reward takes a code of the partner's pool (partners.ts); every other reward is the catalogue's. */
  override async execute(command: RedeemReward) {
    return (await this.partners.redeem(command.context, command.request)) ?? super.execute(command);
  }
}

export class SubmitFeedback extends Command<Answer<typeof feedbackAnswer>> {
  constructor(readonly context: CommandContext, readonly request: FeedbackDto) {
    super();
  }
}

@CommandHandler(SubmitFeedback)
export class SubmitFeedbackHandler extends TillCommandHandler<FeedbackDto, 'SubmitFeedback', Answer<typeof feedbackAnswer>> implements ICommandHandler<SubmitFeedback> {
  protected readonly till = FEEDBACK;
}

export class CancelRedemption extends Command<Answer<typeof cancellationAnswer>> {
  /** `stores`: those of a pos key limited to some stores; it may cancel only redemptions made at one of them. */
  constructor(readonly context: CommandContext, readonly redemptionId: string, readonly stores?: readonly string[]) {
    super();
  }
}

@CommandHandler(CancelRedemption)
export class CancelRedemptionHandler implements ICommandHandler<CancelRedemption> {
  constructor(private readonly ledger: CustomerLedger, private readonly claims: ClaimRegistry) {}

  async execute({ context, redemptionId, stores }: CancelRedemption) {
    // The redemption's claim says whose stream it is in.
    const claimed = await this.claims.lookup(context.tenant, 'redemption', redemptionId);
    if (!claimed) throw new RedemptionNotFound(redemptionId);
    const { customerId } = claimed;
    if (stores) {
      // A redemption's store never changes once recorded, so checking before the locked decision is enough.
      const redemption = (await this.ledger.state(context.tenant, customerId)).redemptions.get(redemptionId);
      if (!redemption) throw new RedemptionNotFound(redemptionId);
      const { storeId } = redemption.redeemed;
      if (!stores.includes(storeId)) {
        throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: `this key may not cancel a redemption made at store ${storeId}`, field: 'redemptionId' });
      }
    }
    const outcome = await this.ledger.execute({
      context,
      customerId,
      commandId: `cancel-redemption:${redemptionId}`,
      needsProgram: true,
      build: (now, program) => ({ type: 'CancelRedemption', data: { redemptionId, customerId, now, program: program! } }),
    });
    return cancellationAnswer(customerId, redemptionId, outcome);
  }
}

export class ReplaceMemberCard extends Command<ReturnType<typeof summary>> {
  constructor(readonly context: CommandContext, readonly customerId: string, readonly request: CardDto) {
    super();
  }
}

/**
 * A member's new card (a lost one replaced). The number must be no other member's: the write side
 * checks it in the tenant's card index before the replacement is appended. The answer is the
 * member's summary, the same for a till sending the replacement again.
 */
@CommandHandler(ReplaceMemberCard)
export class ReplaceMemberCardHandler implements ICommandHandler<ReplaceMemberCard> {
  constructor(private readonly ledger: CustomerLedger) {}

  async execute({ context, customerId, request }: ReplaceMemberCard) {
    const { cardNumber } = request;
    const { state } = await this.ledger.execute({
      context,
      customerId,
      // A replacement of its own: the auditor tells consecutive replacements apart by their command ids.
      commandId: `replace-card:${randomUUID()}`,
      needsProgram: false,
      build: (now) => ({ type: 'ReplaceCard', data: { customerId, cardNumber, now } }),
    });
    return summary(customerId, state);
  }
}

export class ErasePersonalData extends Command<Awaited<ReturnType<PersonalDataErasure['erase']>>> {
  constructor(readonly context: CommandContext, readonly customerId: string) {
    super();
  }
}

@CommandHandler(ErasePersonalData)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalData> {
  constructor(private readonly erasure: PersonalDataErasure) {}

  execute({ context, customerId }: ErasePersonalData) {
    return this.erasure.erase(context, customerId);
  }
}

export const CUSTOMER_COMMAND_HANDLERS = [
  EnrolMemberHandler,
  RecordPurchaseHandler,
  RecordReturnHandler,
  RedeemRewardHandler,
  CancelRedemptionHandler,
  SubmitFeedbackHandler,
  ReplaceMemberCardHandler,
  ErasePersonalDataHandler,
];
