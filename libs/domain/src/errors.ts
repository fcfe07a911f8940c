/**
 * Domain errors. Each says what the caller did wrong in the user's words; `field` names the
 * request field at fault when there is one. The API maps the category to an HTTP status:
 * rejected → 422, conflict → 409, not_found → 404.
 */
export abstract class DomainError extends Error {
  abstract readonly category: 'rejected' | 'conflict' | 'not_found';
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidProgram extends DomainError {
  readonly category = 'rejected';
}
export class ProgramNotConfigured extends DomainError {
  readonly category = 'not_found';
  constructor(tenant: string) {
    super(`tenant ${tenant} has no program yet: PUT /v1/tenants/${tenant}/program first`);
  }
}
export class UnknownStore extends DomainError {
  readonly category = 'rejected';
  constructor(storeId: string, field = 'storeId') {
    super(`${field}: store ${storeId} is not in the program`, field);
  }
}
export class UnknownReward extends DomainError {
  readonly category = 'rejected';
  constructor(rewardId: string) {
    super(`rewardId: reward ${rewardId} is not in the program's catalogue`, 'rewardId');
  }
}
export class CurrencyMismatch extends DomainError {
  readonly category = 'rejected';
  constructor(given: string, expected: string) {
    super(`currency: the program runs in ${expected}, not ${given}`, 'currency');
  }
}
export class OccurredInFuture extends DomainError {
  readonly category = 'rejected';
  constructor(occurredAt: string) {
    super(`occurredAt: ${occurredAt} is in the future`, 'occurredAt');
  }
}
/** A receipt's total that its lines, discounts and charges do not add up to (receipt-total.ts). */
export class TotalMismatch extends DomainError {
  readonly category = 'rejected';
  constructor(total: number, expected: bigint) {
    super(`total ${total} is not what the receipt adds up to: the lines (quantity × unitPrice − discount), less the basket discounts and the member's offers and tier discount, plus the charges make ${expected}`, 'total');
  }
}
export class LineDiscountTooLarge extends DomainError {
  readonly category = 'rejected';
  constructor(line: number, discount: number, price: bigint) {
    super(`lines[${line}].discount ${discount} is more than the line's price (quantity × unitPrice = ${price})`, `lines[${line}].discount`);
  }
}
export class ReceiptBeforeTenant extends DomainError {
  readonly category = 'rejected';
  constructor(occurredAt: string, receiptsSince: string) {
    super(`occurredAt: ${occurredAt} is before the tenant's first receipts (${receiptsSince}): a purchase from before the chain joined is not its program's`, 'occurredAt');
  }
}
export class ReceiptTooLate extends DomainError {
  readonly category = 'rejected';
  constructor(occurredAt: string, lateReceiptDays: number) {
    super(`occurredAt: ${occurredAt} is more than ${lateReceiptDays} days ago, more than the program takes a receipt late (lateReceiptDays)`, 'occurredAt');
  }
}
export class CustomerNotFound extends DomainError {
  readonly category = 'not_found';
  constructor(customerId: string) {
    super(`customer ${customerId} is not known`, 'customerId');
  }
}
export class NotAMember extends DomainError {
  readonly category = 'conflict';
  constructor(customerId: string) {
    super(`customer ${customerId} is not a member`, 'customerId');
  }
}
export class AlreadyEnrolled extends DomainError {
  readonly category = 'conflict';
  constructor(customerId: string) {
    super(`customer ${customerId} is already a member with other enrolment details`, 'customerId');
  }
}
/** The same id was used before for a different request; ids are unique within a tenant for ever. */
export class IdAlreadyUsed extends DomainError {
  readonly category = 'conflict';
  constructor(field: string, id: string) {
    super(`${field}: ${id} was already used for a different request`, field);
  }
}
export class UnknownReceipt extends DomainError {
  readonly category = 'rejected';
  constructor(receiptId: string, customerId: string) {
    super(`receiptId: receipt ${receiptId} is not a receipt of customer ${customerId}`, 'receiptId');
  }
}
export class ReturnExceedsReceipt extends DomainError {
  readonly category = 'rejected';
  constructor(amount: number, left: number, receiptId: string) {
    super(`amount: ${amount} exceeds the ${left} left to return on receipt ${receiptId}`, 'amount');
  }
}
/** A return's line names goods the receipt did not sell, or more than it sold less what came back before. */
export class ReturnLineNotOnReceipt extends DomainError {
  readonly category = 'rejected';
  constructor(index: number, why: string) {
    super(`lines[${index}]: ${why}`, `lines[${index}]`);
  }
}
/** A return that names its goods and an amount: the amount must be what those goods were paid. */
export class ReturnAmountMismatch extends DomainError {
  readonly category = 'rejected';
  constructor(amount: number, paid: number) {
    super(`amount: ${amount} is not what the returned lines were paid (${paid}); send the lines alone, or this amount`, 'amount');
  }
}
/** A return names neither an amount nor the goods that came back. */
export class ReturnNamesNothing extends DomainError {
  readonly category = 'rejected';
  constructor() {
    super('amount: a return gives the amount refunded, or the lines that came back', 'amount');
  }
}
export class ReturnBeforePurchase extends DomainError {
  readonly category = 'rejected';
  constructor(receiptId: string) {
    super(`occurredAt: the return is dated before receipt ${receiptId}`, 'occurredAt');
  }
}
export class InsufficientPoints extends DomainError {
  readonly category = 'conflict';
  constructor(balance: number, needed: number) {
    super(`points: balance ${balance} is short of the ${needed} points needed`, 'points');
  }
}
export class RedemptionNotFound extends DomainError {
  readonly category = 'not_found';
  constructor(redemptionId: string) {
    super(`redemption ${redemptionId} is not known`, 'redemptionId');
  }
}
export class UnknownReferralCode extends DomainError {
  readonly category = 'rejected';
  constructor(code: string) {
    super(`referralCode: ${code} is not a member's referral code`, 'referralCode');
  }
}
export class SelfReferral extends DomainError {
  readonly category = 'rejected';
  constructor() {
    super('referralCode: a member cannot refer themselves', 'referralCode');
  }
}
export class ReferralNotAllowed extends DomainError {
  readonly category = 'rejected';
  constructor(customerId: string) {
    super(`referralCode: customer ${customerId} has bought before; only new customers can be referred`, 'referralCode');
  }
}
export class ScoreOutOfRange extends DomainError {
  readonly category = 'rejected';
  constructor(field: 'nps' | 'csat', score: number, min: number, max: number) {
    super(`${field}: ${score} is not a whole score from ${min} to ${max}`, field);
  }
}
/** A card number identifies one member of a tenant; the message does not repeat the number. */
export class CardInUse extends DomainError {
  readonly category = 'conflict';
  constructor() {
    super('cardNumber: this card number is another member\'s', 'cardNumber');
  }
}
/** No member of the tenant has the card (never given, replaced, or forgotten); the message does not repeat the number. */
export class CardNotFound extends DomainError {
  readonly category = 'not_found';
  constructor() {
    super('no member has this card number', 'cardNumber');
  }
}
/** The customer asked to be forgotten: nothing personal (a new card number) is recorded for them again. */
export class CustomerForgotten extends DomainError {
  readonly category = 'conflict';
  constructor(customerId: string) {
    super(`customer ${customerId} asked to be forgotten: no card number is recorded for them any more`, 'customerId');
  }
}
export class CampaignNotFound extends DomainError {
  readonly category = 'not_found';
  constructor(campaignId: string) {
    super(`campaign ${campaignId} is not in the program`, 'campaignId');
  }
}
export class OfferNotFound extends DomainError {
  readonly category = 'not_found';
  constructor(offerId: string) {
    super(`offer ${offerId} is not in the program`, 'offerId');
  }
}
/** An offer a purchase (or a quote) asks for that does not apply to its member, basket and moment: nothing is recorded. */
export class OfferNotApplicable extends DomainError {
  readonly category = 'rejected';
  constructor(index: number, offerId: string, why: string) {
    super(`appliedOffers[${index}]: offer ${offerId} ${why}`, `appliedOffers[${index}]`);
  }
}
export class SegmentNotFound extends DomainError {
  readonly category = 'not_found';
  constructor(segmentId: string) {
    super(`segment ${segmentId} is not in the program`, 'segmentId');
  }
}
