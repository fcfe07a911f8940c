import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CampaignBudgets, CardIndex, ClaimRegistry, CustomerLedger, CustomerSnapshots, ProgramService, timeOf, VoucherCodes } from '@setia/application';
import type { Clock, CommandOutcome } from '@setia/application';
import type { Campaign, Program } from '@setia/domain';
import { sampleProgram } from '../../../domain/src/testing/fixtures';
import { SqliteEventStore } from '@setia/event-store';
import { BlindIndex, PersonalData, SqlitePersonalDataVault } from '@setia/personal-data';

/**
 * A tenant's ledgers written through the real write path (program service, customer ledger,
 * claims) into a SQLite store in a temporary directory, with a clock the test moves.
 */
export class LedgerFixture {
  readonly store: SqliteEventStore;
  readonly programs: ProgramService;
  readonly ledger: CustomerLedger;
  readonly vault: SqlitePersonalDataVault;
  readonly personalData: PersonalData;
  private instant: number;

  private constructor(
    readonly dir: string,
    readonly tenant: string,
    start: string,
    /** Whether closing removes the directory: only the fixture that made it does. */
    private readonly ownsDir = true,
  ) {
    this.instant = Date.parse(start);
    const clock: Clock = { now: () => new Date(this.instant).toISOString() };
    this.store = new SqliteEventStore(join(dir, 'events.sqlite'), { synchronous: 'NORMAL' });
    this.programs = new ProgramService(this.store, timeOf(clock));
    this.vault = new SqlitePersonalDataVault(join(dir, 'vault.sqlite'));
    this.personalData = new PersonalData(this.vault);
    this.ledger = new CustomerLedger(this.store, timeOf(clock), this.programs, new ClaimRegistry(this.store), this.personalData, new CardIndex(new BlindIndex(this.vault), clock), new CampaignBudgets(this.store), new VoucherCodes(new BlindIndex(this.vault), new ClaimRegistry(this.store)), new CustomerSnapshots(this.store, this.personalData));
  }

  static create(tenant = 'kopi', start = '2026-01-05T02:00:00.000Z'): LedgerFixture {
    return new LedgerFixture(mkdtempSync(join(tmpdir(), 'setia-audit-')), tenant, start);
  }

  /** The same store and vault opened again, at the same time, as another process would (or this one restarted): nothing in memory. */
  another(): LedgerFixture {
    return new LedgerFixture(this.dir, this.tenant, this.now(), false);
  }

  get file(): string {
    return join(this.dir, 'events.sqlite');
  }

  now(): string {
    return new Date(this.instant).toISOString();
  }

  advanceDays(days: number): void {
    this.instant += days * 86_400_000;
  }

  configure(program: Program): Promise<unknown> {
    return this.programs.configure(program, { tenant: this.tenant, principal: 'test' });
  }

  createCampaign(campaign: Campaign): Promise<unknown> {
    return this.programs.execute((now) => ({ type: 'CreateCampaign', data: { campaign, now } }), { tenant: this.tenant, principal: 'test' });
  }

  enrol(customerId: string): Promise<CommandOutcome> {
    return this.ledger.execute({
      context: { tenant: this.tenant },
      customerId,
      commandId: `enrol:${customerId}`,
      needsProgram: true,
      build: (now, program) => ({
        type: 'Enrol',
        data: { customerId, cardNumber: `card-${customerId}`, ownReferralCode: `CODE-${customerId}`, now, program: program! },
      }),
    });
  }

  purchase(customerId: string, receiptId: string, total: number, storeId = 'jkt-1'): Promise<CommandOutcome> {
    return this.ledger.execute({
      context: { tenant: this.tenant },
      customerId,
      commandId: `purchase:${receiptId}`,
      claim: { kind: 'receipt', id: receiptId, field: 'receiptId', customerId, request: { total } },
      needsProgram: true,
      budgets: 'spend',
      build: (now, program, budgets) => ({
        type: 'RecordPurchase',
        data: {
          receiptId,
          storeId,
          customerId,
          occurredAt: now,
          currency: 'IDR',
          total,
          lines: [{ sku: 'KOPI', quantity: 1, unitPrice: total }],
          budgets,
          now,
          program: program!,
        },
      }),
    });
  }

  returnGoods(customerId: string, returnId: string, receiptId: string, amount: number): Promise<CommandOutcome> {
    return this.ledger.execute({
      context: { tenant: this.tenant },
      customerId,
      commandId: `return:${returnId}`,
      needsProgram: true,
      budgets: 'give back',
      build: (now, program) => ({
        type: 'RecordReturn',
        data: { returnId, receiptId, storeId: 'jkt-1', customerId, occurredAt: now, amount, now, program: program! },
      }),
    });
  }

  redeem(customerId: string, redemptionId: string, rewardId: string): Promise<CommandOutcome> {
    return this.ledger.execute({
      context: { tenant: this.tenant },
      customerId,
      commandId: `redeem:${redemptionId}`,
      needsProgram: true,
      build: (now, program) => ({
        type: 'RedeemReward',
        data: { redemptionId, customerId, rewardId, storeId: 'jkt-1', now, program: program! },
      }),
    });
  }

  replaceCard(customerId: string, commandId: string, cardNumber: string): Promise<CommandOutcome> {
    return this.ledger.execute({
      context: { tenant: this.tenant },
      customerId,
      commandId,
      needsProgram: false,
      build: (now) => ({ type: 'ReplaceCard', data: { customerId, cardNumber, now } }),
    });
  }

  async erase(customerId: string): Promise<CommandOutcome> {
    await this.personalData.erase(this.tenant, customerId, this.now());
    return this.ledger.execute({
      context: { tenant: this.tenant },
      customerId,
      commandId: 'erase-personal-data',
      needsProgram: false,
      build: (now) => ({ type: 'ErasePersonalData', data: { customerId, now } }),
    });
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.vault.close();
    if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The sample program with one store and Bronze, Silver and Gold by net spend in 12 months. */
export function rupiahProgram(change: Partial<Program> = {}): Program {
  return sampleProgram({
    stores: [{ storeId: 'jkt-1', timeZone: 'Asia/Jakarta' }],
    tiers: [
      { name: 'Bronze', minQualifyingSpend: 0, multiplier: 1 },
      { name: 'Silver', minQualifyingSpend: 2_000_000, multiplier: 1.25 },
      { name: 'Gold', minQualifyingSpend: 5_000_000, multiplier: 1.5 },
    ],
    rewards: [{ rewardId: 'coffee', points: 100 }],
    ...change,
  });
}

/**
 * A small tenant history: two members buying, a return and a redemption, with the program
 * changed twice on the way (earn rate, then tiers and multipliers).
 */
export async function seedTenant(fixture: LedgerFixture): Promise<void> {
  await fixture.configure(rupiahProgram());
  await fixture.enrol('ani');
  await fixture.enrol('budi');
  for (let i = 1; i <= 3; i++) {
    fixture.advanceDays(3);
    await fixture.purchase('ani', `A-${i}`, 900_000);
    await fixture.purchase('budi', `B-${i}`, 450_000);
  }
  fixture.advanceDays(10);
  // Change one: a point for every Rp 5,000.
  await fixture.configure(rupiahProgram({ earn: { spendPerPoint: 5_000 } }));
  for (let i = 4; i <= 6; i++) {
    fixture.advanceDays(3);
    await fixture.purchase('ani', `A-${i}`, 900_000);
    await fixture.purchase('budi', `B-${i}`, 450_000);
  }
  await fixture.returnGoods('ani', 'RT-1', 'A-5', 300_000);
  await fixture.redeem('budi', 'RD-1', 'coffee');
  fixture.advanceDays(10);
  // Change two: tiers lowered and multipliers raised.
  await fixture.configure(
    rupiahProgram({
      earn: { spendPerPoint: 5_000 },
      tiers: [
        { name: 'Bronze', minQualifyingSpend: 0, multiplier: 1.1 },
        { name: 'Silver', minQualifyingSpend: 1_000_000, multiplier: 1.5 },
        { name: 'Gold', minQualifyingSpend: 3_000_000, multiplier: 2 },
      ],
    }),
  );
  for (let i = 7; i <= 9; i++) {
    fixture.advanceDays(3);
    await fixture.purchase('ani', `A-${i}`, 900_000);
    await fixture.purchase('budi', `B-${i}`, 450_000);
  }
}
