import { startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';
import { PROGRAM } from './support/program';

/**
 * What scripts/fuzz.sh (schemathesis over the OpenAPI document) found: requests once answered
 * with a 500, each now refused with a 400 naming the field and appending nothing; and a document
 * that did not say an empty optional query value counts as absent.
 */
const T = '/v1/tenants/fuzzed';

describe('fuzz findings', () => {
  let setia: TestApp;

  beforeAll(async () => {
    setia = await startSetia();
    await setia.request('PUT', `${T}/program`, PROGRAM);
  });
  afterAll(() => setia.close());

  const tiersWith = (multiplier: number) => ({
    ...PROGRAM,
    tiers: [PROGRAM.tiers[0], { name: 'Gold', minQualifyingSpend: 1_000_000, multiplier }],
  });

  it.each([
    ['a multiplier written with an exponent (5e-324)', 5e-324],
    ['a tiny multiplier (1.4e-39)', 1.402660650535196e-39],
    ['a multiplier whose text has 4 digits after the point but is smaller (1.5e-7)', 1.5e-7],
    ['a multiplier with 5 decimal places', 1.00005],
  ])('%s → 400 naming tiers[1].multiplier', async (_name, multiplier) => {
    const before = await setia.lastPosition();
    const answer = await setia.request('PUT', `${T}/program`, tiersWith(multiplier));
    expect(answer.status).toBe(400);
    expect(answer.body.field).toBe('tiers[1].multiplier');
    expect(answer.body.message).toBe('tiers[1].multiplier must be a number with at most 4 decimal places');
    expect(await setia.lastPosition()).toBe(before);
  });

  it('a multiplier with 4 decimal places is still accepted', async () => {
    const answer = await setia.request('PUT', `${T}/program`, tiersWith(1.2345));
    expect(answer.status).toBe(200);
  });

  it('an empty optional query value means absent, and the OpenAPI document says so', async () => {
    const docs = await setia.request('GET', '/docs/openapi.json');
    const list = docs.body.paths['/v1/tenants/{tenant}/customers'].get.parameters;
    const stage = list.find((p: { name: string }) => p.name === 'stage');
    expect(stage).toMatchObject({ in: 'query', required: false, allowEmptyValue: true });
    const ledger = docs.body.paths['/v1/tenants/{tenant}/customers/{customerId}/ledger'].get.parameters;
    expect(ledger.filter((p: { in: string }) => p.in === 'query').every((p: { allowEmptyValue?: boolean }) => p.allowEmptyValue)).toBe(true);
    const balance = docs.body.paths['/v1/tenants/{tenant}/customers/{customerId}/balance'].get.parameters;
    expect(balance.find((p: { name: string }) => p.name === 'asOf').allowEmptyValue).toBeUndefined();

    expect((await setia.request('GET', `${T}/customers?tier=&stage=`)).status).toBe(200);
    const bad = await setia.request('GET', `${T}/customers?stage=nobody`);
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('stage');
  });
});
