import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, Matches, ValidateNested } from 'class-validator';
import { CHARGE_KINDS } from '@setia/domain';
import { CardNumberField, DateField, IdField, IdsField, InstantField, IntegerField, MoneyField, Optional, TextField } from '../http/fields';
import { CURRENCY_CODES } from '../http/json-schema-body';

export class EnrolmentDto {
  @IdField('The chain\'s id for the customer (card, phone hash or CRM id)', { example: 'alice' })
  customerId: string;

  @CardNumberField('Membership card number; the member is found by it at a till')
  cardNumber: string;

  @DateField('Birthday, for birth-month greetings', { optional: true })
  birthday?: string;

  @IdField('Home store', { optional: true, example: 'JKT-01' })
  homeStoreId?: string;

  @ApiPropertyOptional({ description: 'A member\'s referral code that brought this customer', pattern: '^[0-9A-Z]{8}$', example: 'K7M2QX9T' })
  @Optional()
  @Matches(/^[0-9A-Z]{8}$/, { message: 'referralCode must be 8 letters or digits' })
  referralCode?: string;
}

export class CardDto {
  @CardNumberField('The new card\'s number; the old one finds no one from now on')
  cardNumber: string;
}

export class PurchaseLineDto {
  @IdField('Stock keeping unit', { example: 'KOPI-SUSU' })
  sku: string;

  @TextField('Product category', 64, { optional: true })
  category?: string;

  @IntegerField('Units bought', 1, 1_000_000, { example: 5 })
  quantity: number;

  @MoneyField('Price of one unit', { example: 300_000 })
  unitPrice: number;

  @MoneyField('Taken off this line\'s price (quantity × unitPrice) at the till', { optional: true, example: 0 })
  discount?: number;
}

export class BasketDiscountDto {
  @MoneyField('Taken off the receipt', { min: 1, example: 50_000 })
  amount: number;

  @TextField('What the till calls it (a voucher, a member price)', 64, { optional: true })
  description?: string;
}

export class ReceiptChargeDto {
  @ApiProperty({ description: 'A service charge, or tax where the prices do not include it', enum: CHARGE_KINDS })
  @IsIn(CHARGE_KINDS, { message: `kind must be one of ${CHARGE_KINDS.join(', ')}` })
  kind: (typeof CHARGE_KINDS)[number];

  @MoneyField('Added to the receipt', { min: 1, example: 50_000 })
  amount: number;
}

export class PurchaseDto {
  @IdField('Receipt id, unique within the tenant for ever', { example: 'R-1001' })
  receiptId: string;

  @IdField('Store where the purchase happened', { example: 'JKT-01' })
  storeId: string;

  @IdField('Customer who bought', { example: 'alice' })
  customerId: string;

  @InstantField('When the purchase happened at the till')
  occurredAt: string;

  @ApiProperty({ description: 'ISO 4217 currency, the program\'s', enum: CURRENCY_CODES, example: 'IDR' })
  @IsIn(CURRENCY_CODES, { message: 'currency must be an ISO 4217 currency code such as IDR or MYR' })
  currency: string;

  @MoneyField('Amount paid: the lines (quantity × unitPrice − discount), less the basket discounts and what the applied offers and the member\'s tier discount take off (as the quote gives it), plus the charges; points are earned on it', {
    min: 1,
    example: 1_500_000,
  })
  total: number;

  @ApiProperty({ type: [PurchaseLineDto], minItems: 1, maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => PurchaseLineDto)
  lines: PurchaseLineDto[];

  @ApiPropertyOptional({ type: [BasketDiscountDto], maxItems: 100, description: 'Discounts on the whole receipt' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => BasketDiscountDto)
  discounts?: BasketDiscountDto[];

  @ApiPropertyOptional({ type: [ReceiptChargeDto], maxItems: 100, description: 'What the receipt adds to its goods: a service charge, tax where the prices do not include it' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ReceiptChargeDto)
  charges?: ReceiptChargeDto[];

  @IdsField(
    'The member-only offers the till applied, as the quote gave them: each must apply to this member, basket and moment (or the purchase is refused, 422 naming it); ' +
      'what they take off is recorded and left out of the total',
    20,
    { optional: true },
  )
  appliedOffers?: string[];
}

/** A basket to quote: a purchase as the till would post it, without its receipt id and total (the lines add up to it). */
export class QuoteDto {
  @IdField('Store where the purchase would happen')
  storeId: string;

  @IdField('Customer who would buy')
  customerId: string;

  @InstantField('When the purchase would happen at the till')
  occurredAt: string;

  @ApiProperty({ description: 'ISO 4217 currency, the program\'s', enum: CURRENCY_CODES, example: 'IDR' })
  @IsIn(CURRENCY_CODES, { message: 'currency must be an ISO 4217 currency code such as IDR or MYR' })
  currency: string;

  @ApiProperty({ type: [PurchaseLineDto], minItems: 1, maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => PurchaseLineDto)
  lines: PurchaseLineDto[];

  @IdsField('The member-only offers to quote the basket with (each must apply, or 422 naming it); absent: every offer that applies', 20, { optional: true, example: ['kopi-3-for-70k'] })
  appliedOffers?: string[];
}

export class ReturnLineDto {
  @IdField('Stock keeping unit, as on the receipt', { example: 'KOPI-SUSU' })
  sku: string;

  @IntegerField('Units that came back', 1, 1_000_000, { example: 2 })
  quantity: number;
}

export class ReturnDto {
  @IdField('Return id, unique within the tenant for ever', { example: 'RT-1' })
  returnId: string;

  @IdField('Receipt the goods were bought on', { example: 'R-1001' })
  receiptId: string;

  @IdField('Store taking the goods back', { example: 'JKT-01' })
  storeId: string;

  @IdField('Customer returning the goods', { example: 'alice' })
  customerId: string;

  @InstantField('When the return happened')
  occurredAt: string;

  @MoneyField(
    'Amount refunded. With lines: what those goods were paid (the answer gives it), and when given it must be that (422 naming amount otherwise); without lines it is required',
    { min: 1, optional: true, example: 300_000 },
  )
  amount?: number;

  @ApiPropertyOptional({
    type: [ReturnLineDto],
    minItems: 1,
    maxItems: 1000,
    description:
      'The goods that came back, by sku, from the receipt\'s own lines: a sku it did not sell, or more units than it sold less earlier returns, is refused (422 naming lines[i]). ' +
      'The return then refunds what they were paid (the goods kept priced as the purchase was, so an offer they no longer earn comes off the refund) and the rules undo by item',
  })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ReturnLineDto)
  lines?: ReturnLineDto[];
}

export class RedemptionDto {
  @IdField('Redemption id, unique within the tenant for ever', { example: 'RD-1' })
  redemptionId: string;

  @IdField('Member redeeming', { example: 'alice' })
  customerId: string;

  @IdField('Reward from the catalogue', { example: 'COFFEE' })
  rewardId: string;

  @IdField('Store handing out the reward', { example: 'JKT-01' })
  storeId: string;
}

export class FeedbackDto {
  @IdField('Feedback id, unique within the tenant for ever', { example: 'FB-1' })
  feedbackId: string;

  @IdField('Customer giving feedback', { example: 'alice' })
  customerId: string;

  @IdField('Store the feedback is about', { example: 'JKT-01' })
  storeId: string;

  @IdField('Receipt the feedback is about; earns the feedback bonus once per receipt', { optional: true, example: 'R-1001' })
  receiptId?: string;

  @IntegerField('Net promoter score: how likely to recommend, 0 to 10', 0, 10, { example: 9 })
  nps: number;

  @IntegerField('Customer satisfaction, 1 to 5', 1, 5, { optional: true, example: 5 })
  csat?: number;

  @TextField('Free comment', 2000, { optional: true })
  comment?: string;
}
