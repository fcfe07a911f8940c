import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSetia, TEST_ADMIN_KEY } from './support/setia-app';
import type { TestApp } from './support/setia-app';
import { walkthrough } from './support/walkthrough-client';

const root = join(__dirname, '..');

/**
 * The TypeScript client an integrator generates from the OpenAPI document (openapi-typescript's
 * types, openapi-fetch's calls): it is the one clients/setia-api.d.ts holds, it compiles in strict
 * mode with a client written against it, and that client walks the README's walkthrough.
 */
describe('a TypeScript client generated from the OpenAPI document', () => {
  let setia: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    setia = await startSetia();
    await setia.app.listen(0, '127.0.0.1');
    baseUrl = (await setia.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => setia.close());

  it('is what the document the server serves generates now (npm run client writes it)', async () => {
    // As a user runs it, in a process of its own (openapi-typescript loads ES modules), against this server.
    const dir = mkdtempSync(join(tmpdir(), 'setia-client-'));
    try {
      const generated = await promisify(execFile)(process.execPath, [join(root, 'scripts', 'client.js'), baseUrl, join(dir, 'setia-api.d.ts')], { cwd: root, encoding: 'utf8' });
      expect(generated.stderr).toBe('');
      expect(readFileSync(join(root, 'clients', 'setia-api.d.ts'), 'utf8')).toBe(readFileSync(join(dir, 'setia-api.d.ts'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('compiles in strict mode with the walkthrough client written against it', () => {
    const tsc = spawnSync(
      process.execPath,
      [
        require.resolve('typescript/bin/tsc'),
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        '--target', 'es2022',
        '--module', 'nodenext',
        '--moduleResolution', 'nodenext',
        'clients/setia-api.d.ts',
        'test/support/walkthrough-client.ts',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect({ status: tsc.status, output: tsc.stdout + tsc.stderr }).toEqual({ status: 0, output: '' });
  }, 120_000);

  it('walks the README walkthrough, each answer as the README shows it', async () => {
    const answers = await walkthrough(baseUrl, TEST_ADMIN_KEY);
    expect(answers.created).toEqual({ tenantId: 'kopi_nusantara', sandbox: false, receiptsSince: '2026-10-31T17:00:00.000Z' });
    expect(answers.program).toMatchObject({ tenant: 'kopi_nusantara', revision: 0 });
    expect(answers.enrolled).toMatchObject({ customerId: 'alice', stage: 'member', points: 0, tier: 'Silver' });
    expect(answers.bought).toMatchObject({ receiptId: 'R-1001', pointsEarned: 150, points: 150, tier: 'Gold', tierChanged: { from: 'Silver', to: 'Gold' } });
    expect(answers.boughtAgain).toEqual(answers.bought);
    expect(answers.returned).toMatchObject({ pointsReversed: 30, points: 120, tier: 'Gold', amountLeftOnReceipt: 1_200_000 });
    expect(answers.redeemed).toMatchObject({ redemptionId: 'RD-1', points: 20 });
    expect(answers.cancelled).toMatchObject({ redemptionId: 'RD-1', points: 120 });
    expect(answers.feedback).toMatchObject({ bonusPoints: 20, points: 140 });
    expect(answers.friend).toMatchObject({ customerId: 'bob', referredBy: 'alice' });
    expect(answers.friendBought).toMatchObject({ pointsEarned: 25, points: 125 });
    expect(answers.customer).toMatchObject({ points: 340, tier: 'Gold', purchaseCount: 1, cardNumber: '6001 0001', birthday: '1990-04-17' });
    expect(answers.ledger.events.map((event) => event.type)).toEqual([
      'CustomerEnrolled', 'PurchaseRecorded', 'PointsEarned', 'TierChanged', 'ReturnRecorded', 'PointsReversed',
      'RewardRedeemed', 'RedemptionCancelled', 'FeedbackSubmitted', 'PointsEarned', 'PointsEarned',
    ]);
    expect(answers.balance).toMatchObject({ points: 150, tier: 'Gold' });
    expect(answers.card).toMatchObject({ customerId: 'alice', stage: 'member', tier: 'Gold', points: 340, redeemable: [{ rewardId: 'COFFEE', points: 100 }], expiring: [] });
    expect(answers.summary).toMatchObject({ customerId: 'alice', tier: 'Gold', points: 340 });
    expect(answers.replaced).toMatchObject({ customerId: 'alice', points: 340 });
    expect(answers.oldCard).toEqual({ status: 404, error: expect.objectContaining({ statusCode: 404, error: 'CardNotFound', field: 'cardNumber' }) });
  });
});
