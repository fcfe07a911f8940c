import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO4217CurrencyCode, IsOptional, Matches, ValidateNested } from 'class-validator';
import { CHARGE_KINDS } from '@setia/domain';
import { CardNumberField, DateField, IdField, InstantField, IntegerField, MoneyField, TextField } from '../http/fields';

export class EnrolmentDto {
  @IdField('The chain\'s id for the customer (card, phone hash or CRM id)')
  customerId: string;

  @CardNumberField('Membership card number; the member is found by it at a till')
  cardNumber: string;

  @DateField('Birthday, for birth-month greetings', { optional: true })
  birthday?: string;

  @IdField('Home store', { optional: true })
  homeStoreId?: string;

  @ApiPropertyOptional({ description: 'A member\'s referral code that brought this customer', example: 'K7M2QX9T' })
  @IsOptional()
  @Matches(/^[0-9A-Z]{8}$/, { message: 'referralCode must be 8 letters or digits' })
  referralCode?: string;
}

export class CardDto {
  @CardNumberField('The new card\'s number; the old one finds no one from now on')
  cardNumber: string;
}

export class PurchaseLineDto {
  @IdField('Stock keeping unit')
  sku: string;

  @TextField('Product category', 64, { optional: true })
  category?: string;

  @IntegerField('Units bought', 1, 1_000_000)
  quantity: number;

  @MoneyField('Price of one unit')
  unitPrice: number;

  @MoneyField('Taken off this line\'s price (quantity × unitPrice) at the till', { optional: true })
  discount?: number;
}

export class BasketDiscountDto {
  @MoneyField('Taken off the receipt', { min: 1 })
  amount: number;

  @TextField('What the till calls it (a voucher, a member price)', 64, { optional: true })
  description?: string;
}

export class ReceiptChargeDto {
  @ApiProperty({ description: 'A service charge, or tax where the prices do not include it', enum: CHARGE_KINDS })
  @IsIn(CHARGE_KINDS, { message: `kind must be one of ${CHARGE_KINDS.join(', ')}` })
  kind: (typeof CHARGE_KINDS)[number];

  @MoneyField('Added to the receipt', { min: 1 })
  amount: number;
}

export class PurchaseDto {
  @IdField('Receipt id, unique within the tenant for ever')
  receiptId: string;

  @IdField('Store where the purchase happened')
  storeId: string;

  @IdField('Customer who bought')
  customerId: string;

  @InstantField('When the purchase happened at the till')
  occurredAt: string;

  @ApiProperty({ description: 'ISO 4217 currency, the program\'s', example: 'IDR' })
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 currency code such as IDR or MYR' })
  currency: string;

  @MoneyField('Amount paid: the lines (quantity × unitPrice − discount), less the basket discounts, plus the charges; points are earned on it', { min: 1 })
  total: number;

  @ApiProperty({ type: [PurchaseLineDto], minItems: 1, maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => PurchaseLineDto)
  lines: PurchaseLineDto[];

  @ApiPropertyOptional({ type: [BasketDiscountDto], maxItems: 100, description: 'Discounts on the whole receipt' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => BasketDiscountDto)
  discounts?: BasketDiscountDto[];

  @ApiPropertyOptional({ type: [ReceiptChargeDto], maxItems: 100, description: 'What the receipt adds to its goods: a service charge, tax where the prices do not include it' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ReceiptChargeDto)
  charges?: ReceiptChargeDto[];
}

export class ReturnDto {
  @IdField('Return id, unique within the tenant for ever')
  returnId: string;

  @IdField('Receipt the goods were bought on')
  receiptId: string;

  @IdField('Store taking the goods back')
  storeId: string;

  @IdField('Customer returning the goods')
  customerId: string;

  @InstantField('When the return happened')
  occurredAt: string;

  @MoneyField('Amount refunded', { min: 1 })
  amount: number;
}

export class RedemptionDto {
  @IdField('Redemption id, unique within the tenant for ever')
  redemptionId: string;

  @IdField('Member redeeming')
  customerId: string;

  @IdField('Reward from the catalogue')
  rewardId: string;

  @IdField('Store handing out the reward')
  storeId: string;
}

export class FeedbackDto {
  @IdField('Feedback id, unique within the tenant for ever')
  feedbackId: string;

  @IdField('Customer giving feedback')
  customerId: string;

  @IdField('Store the feedback is about')
  storeId: string;

  @IdField('Receipt the feedback is about; earns the feedback bonus once per receipt', { optional: true })
  receiptId?: string;

  @IntegerField('Net promoter score: how likely to recommend, 0 to 10', 0, 10)
  nps: number;

  @IntegerField('Customer satisfaction, 1 to 5', 1, 5, { optional: true })
  csat?: number;

  @TextField('Free comment', 2000, { optional: true })
  comment?: string;
}
