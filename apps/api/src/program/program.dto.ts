import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO4217CurrencyCode,
  IsNumber,
  IsObject,
  IsString,
  IsTimeZone,
  Length,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { IdField, IntegerField, MoneyField } from '../http/fields';

export class StoreDto {
  @IdField('Store id, unique within the tenant')
  storeId: string;

  @ApiProperty({ description: 'Local time zone of the store (IANA)', example: 'Asia/Jayapura' })
  @IsTimeZone({ message: 'timeZone must be an IANA time zone such as Asia/Jakarta' })
  timeZone: string;
}

export class EarnDto {
  @MoneyField('Spend that earns one base point, e.g. 1000000 for Rp 10,000 in sen', { min: 1 })
  spendPerPoint: number;
}

/**
 * At most 4 decimal places. Not class-validator's `maxDecimalPlaces`: it splits the number's text
 * at the `.`, and throws on numbers written with an exponent such as 5e-324 (a 500 for a bad body).
 */
function AtMostFourDecimalPlaces() {
  return ValidateBy({
    name: 'atMostFourDecimalPlaces',
    validator: {
      validate: (value: unknown) => typeof value !== 'number' || !Number.isFinite(value) || Number(value.toFixed(4)) === value,
      defaultMessage: (args) => `${args?.property ?? 'the number'} must be a number with at most 4 decimal places`,
    },
  });
}

export class TierDto {
  @ApiProperty({ description: 'Tier name, unique within the program', example: 'Gold' })
  @IsString()
  @Length(1, 64)
  name: string;

  @MoneyField('Net spend in the last 12 months that reaches this tier')
  minQualifyingSpend: number;

  @ApiProperty({ description: 'Points multiplier, at most 4 decimal places', example: 1.5, minimum: 0, maximum: 100 })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'multiplier must be a number with at most 4 decimal places' })
  @AtMostFourDecimalPlaces()
  @Min(0)
  @Max(100)
  multiplier: number;
}

export class RewardDto {
  @IdField('Reward id in the catalogue')
  rewardId: string;

  @IntegerField('Points the reward costs', 1, 1_000_000_000)
  points: number;
}

export class ReferralRulesDto {
  @IntegerField('Points for the member who brought the friend', 0, 1_000_000_000)
  referrerBonus: number;

  @IntegerField('Points for the friend on their qualifying purchase', 0, 1_000_000_000)
  refereeBonus: number;

  @MoneyField('Smallest first purchase that qualifies the referral')
  minQualifyingPurchase: number;
}

export class FeedbackRulesDto {
  @IntegerField('Points for feedback about a receipt, once per receipt', 0, 1_000_000_000)
  bonus: number;
}

export class ProgramDto {
  @ApiProperty({ description: 'ISO 4217 currency of all amounts', example: 'IDR' })
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 currency code such as IDR or MYR' })
  currency: string;

  @ApiProperty({ description: 'Head office time zone (IANA)', example: 'Asia/Jakarta' })
  @IsTimeZone({ message: 'timeZone must be an IANA time zone such as Asia/Jakarta' })
  timeZone: string;

  @ApiProperty({ type: [StoreDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => StoreDto)
  stores: StoreDto[];

  @ApiProperty({ type: EarnDto })
  @IsObject()
  @ValidateNested()
  @Type(() => EarnDto)
  earn: EarnDto;

  @ApiProperty({ type: [TierDto], description: 'Ascending by minQualifyingSpend; the first starts at 0' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TierDto)
  tiers: TierDto[];

  @ApiProperty({ type: [RewardDto] })
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => RewardDto)
  rewards: RewardDto[];

  @ApiProperty({ type: ReferralRulesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ReferralRulesDto)
  referral: ReferralRulesDto;

  @ApiProperty({ type: FeedbackRulesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => FeedbackRulesDto)
  feedback: FeedbackRulesDto;
}
