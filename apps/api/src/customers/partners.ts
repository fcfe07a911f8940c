import { Body, Controller, HttpCode, Injectable, Post } from '@nestjs/common';
import { Command, CommandBus, CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CustomerLedger, PartnerPools, ProgramService, redemptionAnswer } from '@setia/application';
import type { CommandContext } from '@setia/application';
import { DomainError, findPartnerReward, IdAlreadyUsed, ProgramNotConfigured } from '@setia/domain';
import { Allow } from '@setia/platform';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches } from 'class-validator';
import { Acting } from '../access/caller';
import { IdParam, TenantParam } from '../http/params';
import type { RedemptionDto } from './requests.dto';

/**
 * Partner rewards: an admin uploads a partner's gift-card codes; a till's redemption of a partner
 * reward takes a free slot of the pool (claimed with the redemption's events, so never given twice)
 * and answers the member's code, once; the wallet shows it again to the member's tenant.
 */

export class PartnerCodesDto {
  @ApiProperty({
    description: 'Gift-card codes of the partner, each given to one member at most',
    example: ['BIO-7Q2K-99XM'],
    type: 'array',
    items: { type: 'string', pattern: '^[A-Za-z0-9-]{4,64}$' },
    minItems: 1,
    maxItems: 10_000,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9-]{4,64}$/, { each: true, message: 'codes must be 4 to 64 letters, digits or dashes each' })
  codes: string[];
}

export class UnknownPartner extends DomainError {
  readonly category = 'not_found';
  constructor(partnerId: string) {
    super(`partnerId: partner ${partnerId} is not among the program's partners`, 'partnerId');
  }
}

export class AddPartnerCodes extends Command<{ partnerId: string; added: number; total: number }> {
  constructor(readonly context: CommandContext, readonly partnerId: string, readonly codes: string[]) {
    super();
  }
}

@CommandHandler(AddPartnerCodes)
export class AddPartnerCodesHandler implements ICommandHandler<AddPartnerCodes> {
  constructor(private readonly pools: PartnerPools, private readonly programs: ProgramService) {}

  async execute({ context, partnerId, codes }: AddPartnerCodes) {
    const program = await this.programs.current(context.tenant);
    if (!program) throw new ProgramNotConfigured(context.tenant);
    if (!program.rules.partnerRewards?.partners.some((partner) => partner.partnerId === partnerId)) throw new UnknownPartner(partnerId);
    return this.pools.upload(context, partnerId, codes);
  }
}

/** A redemption of a partner reward; undefined when the reward is not one (the catalogue's handler decides it). */
@Injectable()
export class PartnerRedemptions {
  constructor(private readonly ledger: CustomerLedger, private readonly pools: PartnerPools, private readonly programs: ProgramService) {}

  async redeem(context: CommandContext, request: RedemptionDto) {
    const reward = findPartnerReward((await this.programs.current(context.tenant))?.rules.partnerRewards, request.rewardId);
    if (!reward) return undefined;
    const { tenant } = context;
    const { redemptionId, customerId, rewardId, storeId } = request;
    const size = await this.pools.size(tenant, reward.partnerId);
    // A slot known taken is passed over; one taken by another redemption meanwhile is refused by its claim: the next one is tried.
    for (let slot = this.pools.startingSlot(tenant, reward.partnerId); ; slot++) {
      if (slot < size && (await this.pools.isTaken(tenant, reward.partnerId, slot))) {
        this.pools.taken(tenant, reward.partnerId, slot);
        continue;
      }
      try {
        const outcome = await this.ledger.execute({
          context,
          customerId,
          commandId: `redemption:${redemptionId}`,
          claim: { kind: 'redemption', id: redemptionId, field: 'redemptionId', customerId, request: { ...request } },
          needsProgram: true,
          build: (now, program) => ({ type: 'RedeemPartnerReward', data: { redemptionId, customerId, rewardId, storeId, slot: slot < size ? slot : null, now, program: program! } }),
        });
        const given = outcome.state.rules.partnerRewards.get(redemptionId);
        if (given) this.pools.taken(tenant, given.partnerId, given.slot);
        return {
          ...redemptionAnswer(customerId, redemptionId, outcome),
          partnerCode: given ? { partnerId: given.partnerId, code: await this.pools.codeAt(tenant, given.partnerId, given.slot) } : null,
        };
      } catch (error) {
        if (!(error instanceof IdAlreadyUsed && error.field === 'slot')) throw error;
        this.pools.taken(tenant, reward.partnerId, slot);
      }
    }
  }
}

@ApiTags('partners')
@ApiBearerAuth()
@Controller('v1/tenants/:tenant/partners')
export class PartnersController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':partnerId/codes')
  @HttpCode(201)
  @Allow('admin')
  @ApiOperation({ summary: 'Add gift-card codes to a partner\'s pool (kept encrypted); 422 naming a code listed twice, 409 naming one in the pool already' })
  addCodes(@TenantParam() tenant: string, @Acting() acting: CommandContext, @IdParam('partnerId') partnerId: string, @Body() request: PartnerCodesDto) {
    return this.commands.execute(new AddPartnerCodes(acting, partnerId, request.codes));
  }
}

export const PARTNER_HANDLERS = [AddPartnerCodesHandler, PartnerRedemptions];
