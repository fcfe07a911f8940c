import { randomUUID } from 'node:crypto';
import { Body, Controller, ForbiddenException, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import type { PipeTransform } from '@nestjs/common';
import { BadRequestException } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import type { ICommandHandler, IQueryHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CustomerLedger, PartnerPools, ProgramService, TENANT_TIME, VoucherCodes } from '@setia/application';
import type { CommandContext, Principal, TenantTime } from '@setia/application';
import { CustomerNotFound, VoucherNotFound, voucherStatus } from '@setia/domain';
import type { CustomerState, VoucherState } from '@setia/domain';
import { Allow } from '@setia/platform';
import { Acting, Caller } from '../access/caller';
import { IdField } from '../http/fields';
import { IdParam, TenantParam } from '../http/params';

/**
 * The member's wallet of vouchers and their stamp cards, from their ledger; a till uses a voucher
 * by its code, once, and may undo the use once. A code is a bearer secret: it is only in the
 * answers of the member's own tenant, never in a log, an event or a message.
 */

export class VoucherUseDto {
  @IdField('Store where the voucher is used')
  storeId: string;

  @IdField('Receipt the voucher is used on')
  receiptId: string;
}

/** A voucher's code as a till may type it (the path parameter's pattern in the OpenAPI document too). */
export const VOUCHER_CODE_PATTERN = /^[0-9A-Za-z -]{1,40}$/;

/** The code in the path; the message names the field, never the code. */
class CodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!VOUCHER_CODE_PATTERN.test(value)) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'code must be the voucher\'s code: letters and digits', field: 'code' });
    return value;
  }
}
const CodeParam = () => Param('code', new CodePipe());

function voucherView(voucher: VoucherState, now: string) {
  return {
    voucherId: voucher.voucherId,
    benefit: voucher.benefit,
    status: voucherStatus(voucher, now),
    validUntil: voucher.validUntil,
    issuedAt: voucher.issuedAt,
    source: voucher.source,
    ...(voucher.receiptId !== undefined && { receiptId: voucher.receiptId }),
    ...(voucher.redemptionId !== undefined && { redemptionId: voucher.redemptionId }),
    used: voucher.use,
  };
}

export class UseVoucherCommand extends Command<ReturnType<typeof voucherView> & { customerId: string }> {
  constructor(readonly context: CommandContext, readonly code: string, readonly request: VoucherUseDto) {
    super();
  }
}

@CommandHandler(UseVoucherCommand)
export class UseVoucherHandler implements ICommandHandler<UseVoucherCommand> {
  constructor(private readonly ledger: CustomerLedger, private readonly codes: VoucherCodes) {}

  async execute({ context, code, request }: UseVoucherCommand) {
    const found = await this.codes.find(context.tenant, code, (id) => this.ledger.state(context.tenant, id));
    if (!found) throw new VoucherNotFound();
    const { customerId, voucherId } = found;
    const { storeId, receiptId } = request;
    const outcome = await this.ledger.execute({
      context,
      customerId,
      commandId: `voucher-use:${voucherId}:${receiptId}`,
      needsProgram: true,
      build: (now, program) => ({ type: 'UseVoucher', data: { customerId, voucherId, storeId, receiptId, now, program: program! } }),
    });
    const voucher = outcome.state.rules.vouchers.get(voucherId)!;
    return { customerId, ...voucherView(voucher, voucher.use?.usedAt ?? voucher.issuedAt) };
  }
}

export class CancelVoucherUseCommand extends Command<ReturnType<typeof voucherView> & { customerId: string }> {
  constructor(readonly context: CommandContext, readonly code: string, readonly stores?: readonly string[]) {
    super();
  }
}

@CommandHandler(CancelVoucherUseCommand)
export class CancelVoucherUseHandler implements ICommandHandler<CancelVoucherUseCommand> {
  constructor(private readonly ledger: CustomerLedger, private readonly codes: VoucherCodes, @Inject(TENANT_TIME) private readonly time: TenantTime) {}

  async execute({ context, code, stores }: CancelVoucherUseCommand) {
    const found = await this.codes.find(context.tenant, code, (id) => this.ledger.state(context.tenant, id));
    if (!found) throw new VoucherNotFound();
    const { customerId, voucherId } = found;
    const usedAt = found.state.rules.vouchers.get(voucherId)?.use?.storeId;
    if (stores && usedAt !== undefined && !stores.includes(usedAt)) {
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: `this key may not cancel a use at store ${usedAt}`, field: 'code' });
    }
    const outcome = await this.ledger.execute({
      context,
      customerId,
      // Each cancellation is its own decision: a voucher may be used and its use cancelled again.
      commandId: `voucher-cancel-use:${randomUUID()}`,
      needsProgram: true,
      build: (now, program) => ({ type: 'CancelVoucherUse', data: { customerId, voucherId, now, program: program! } }),
    });
    return { customerId, ...voucherView(outcome.state.rules.vouchers.get(voucherId)!, await this.time.now(context.tenant)) };
  }
}

export class GetWallet extends Query<{
  customerId: string;
  vouchers: Array<ReturnType<typeof voucherView> & { code: string }>;
  partnerCodes: Array<{ redemptionId: string; partnerId: string; code: string; cancelled: boolean }>;
}> {
  constructor(readonly tenant: string, readonly customerId: string) {
    super();
  }
}

@QueryHandler(GetWallet)
export class GetWalletHandler implements IQueryHandler<GetWallet> {
  constructor(
    private readonly ledger: CustomerLedger,
    private readonly codes: VoucherCodes,
    private readonly pools: PartnerPools,
    @Inject(TENANT_TIME) private readonly time: TenantTime,
  ) {}

  async execute({ tenant, customerId }: GetWallet) {
    const state = await known(this.ledger, tenant, customerId);
    const now = await this.time.now(tenant);
    const vouchers = [];
    for (const voucher of state.rules.vouchers.values()) vouchers.push({ code: await this.codes.codeOf(tenant, customerId, voucher.voucherId), ...voucherView(voucher, now) });
    // Partner gift cards: burned when their redemption was cancelled, shown so the member knows.
    const partnerCodes = [];
    for (const [redemptionId, { partnerId, slot }] of state.rules.partnerRewards) {
      partnerCodes.push({ redemptionId, partnerId, code: await this.pools.codeAt(tenant, partnerId, slot), cancelled: state.redemptions.get(redemptionId)?.cancelled ?? false });
    }
    return { customerId, vouchers, partnerCodes };
  }
}

export class GetStampCards extends Query<{
  customerId: string;
  cards: Array<{ cardId: string; name: string; stamps: number; stampsNeeded: number; owed: number; completed: number; vouchers: string[] }>;
}> {
  constructor(readonly tenant: string, readonly customerId: string) {
    super();
  }
}

/** The program's stamp cards with the member's stamps on each (cards no longer in the program are left out). */
@QueryHandler(GetStampCards)
export class GetStampCardsHandler implements IQueryHandler<GetStampCards> {
  constructor(private readonly ledger: CustomerLedger, private readonly programs: ProgramService) {}

  async execute({ tenant, customerId }: GetStampCards) {
    const state = await known(this.ledger, tenant, customerId);
    const cards = (await this.programs.current(tenant))?.rules.stampCards ?? [];
    return {
      customerId,
      cards: cards.map((card) => {
        const progress = state.rules.stampCards.cards.get(card.cardId);
        return {
          cardId: card.cardId,
          name: card.name,
          stamps: progress?.onCard ?? 0,
          stampsNeeded: card.stampsNeeded,
          owed: progress?.owed ?? 0,
          completed: progress?.completed ?? 0,
          vouchers: [...(progress?.vouchers ?? [])],
        };
      }),
    };
  }
}

async function known(ledger: CustomerLedger, tenant: string, customerId: string): Promise<CustomerState> {
  const state = await ledger.state(tenant, customerId);
  if (!state.known) throw new CustomerNotFound(customerId);
  return state;
}

@ApiTags('vouchers')
@ApiBearerAuth()
@Controller('v1/tenants/:tenant')
export class VouchersController {
  constructor(private readonly commands: CommandBus, private readonly queries: QueryBus) {}

  @Post('vouchers/:code/use')
  @HttpCode(200)
  @Allow('pos')
  @ApiParam({ name: 'code', description: 'The voucher\'s code (case, spaces and dashes do not matter)' })
  @ApiOperation({ summary: 'Use a voucher on a receipt, once: 409 when it was used (on another receipt), expired or withdrawn; 404 for a code of no voucher of the tenant' })
  use(@TenantParam() tenant: string, @Acting() acting: CommandContext, @CodeParam() code: string, @Body() request: VoucherUseDto) {
    return this.commands.execute(new UseVoucherCommand(acting, code, request));
  }

  @Post('vouchers/:code/cancel-use')
  @HttpCode(200)
  @Allow('pos')
  @ApiParam({ name: 'code', description: 'The voucher\'s code' })
  @ApiOperation({ summary: 'Undo a voucher\'s use, once: it may be used again; 409 when it is not used' })
  cancelUse(@TenantParam() tenant: string, @Caller() caller: Principal, @Acting() acting: CommandContext, @CodeParam() code: string) {
    return this.commands.execute(new CancelVoucherUseCommand(acting, code, caller.stores));
  }

  @Get('customers/:customerId/vouchers')
  @Allow('pos', 'admin')
  @ApiOperation({ summary: 'The member\'s wallet: every voucher with its code, benefit, status (active, used, voided, expired) and validity, and the partners\' gift-card codes they got' })
  wallet(@TenantParam() tenant: string, @IdParam('customerId') customerId: string) {
    return this.queries.execute(new GetWallet(tenant, customerId));
  }

  @Get('customers/:customerId/stamp-cards')
  @Allow('pos', 'admin', 'auditor')
  @ApiOperation({ summary: 'The member\'s stamp cards: stamps on the card in progress, stamps needed, stamps owed, cards completed' })
  stampCards(@TenantParam() tenant: string, @IdParam('customerId') customerId: string) {
    return this.queries.execute(new GetStampCards(tenant, customerId));
  }
}

export const VOUCHER_HANDLERS = [UseVoucherHandler, CancelVoucherUseHandler, GetWalletHandler, GetStampCardsHandler];
