import { hoursAgo, PROGRAM, purchase } from './program';
import { eventually } from './setia-app';
import type { TestApp } from './setia-app';

/**
 * The access matrix shared by the API-key and the token suites: every route of the API with the
 * roles that may call it, and the customer its paths name.
 */
export type Role = 'platform' | 'admin' | 'pos' | 'auditor' | 'analyst' | 'member';
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
/** The roles of API keys; a member acts only with a token of the chain's identity provider. */
export const ROLES: Role[] = ['platform', 'admin', 'pos', 'auditor', 'analyst'];
export const TENANT_ROLES = ROLES.filter((role) => role !== 'platform');
/** A member's token names Ani, whom the routes name. */
export const MATRIX_MEMBER = 'ani';

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

export interface Route {
  method: Method;
  /** As the OpenAPI document names it. */
  template: string;
  query?: string;
  body?: () => unknown;
  allowed: Role[];
  ok: 200 | 201;
}

const ASOF = encodeURIComponent(new Date().toISOString());
/** Ani's card, which the card routes name. */
const MATRIX_CARD = '6001 0001';
const dashboards = ['tiers', 'store-daily', 'cohorts', 'funnel', 'purchase-frequency', 'feedback', 'referrals', 'points-liability', 'vouchers', 'partner-settlement', 'active-customers', 'purchase-counts', 'campaigns', 'offers'];

/** A campaign through this year, which the campaign routes name (MATRIX-CAMPAIGN) or create. */
function matrixCampaign(campaignId: string) {
  const year = new Date().getUTCFullYear();
  return { campaignId, name: 'Matrix', from: `${year}-01-01`, to: `${year}-12-31`, effect: { bonusPoints: 1 } };
}

function matrixOffer(offerId: string) {
  const year = new Date().getUTCFullYear();
  return { offerId, name: 'Matrix', from: `${year}-01-01`, to: `${year}-12-31`, kind: 'percentOff', percent: 5 };
}

/** Every route of the API, with the roles that may call it. */
export const ROUTES: Route[] = [
  { method: 'POST', template: '/v1/tenants', body: () => ({ tenantId: unique('chain').replace('-', '_') }), allowed: ['platform'], ok: 201 },
  { method: 'POST', template: '/v1/tenants/{tenant}/keys', body: () => ({ role: 'analyst' }), allowed: ['platform', 'admin'], ok: 201 },
  { method: 'GET', template: '/v1/tenants/{tenant}/keys', allowed: ['platform', 'admin'], ok: 200 },
  { method: 'DELETE', template: '/v1/tenants/{tenant}/keys/{keyId}', allowed: ['platform', 'admin'], ok: 200 },
  // The matrix's own tenant is a sandbox, so its clock answers; moved to the real time, always forward.
  { method: 'GET', template: '/v1/tenants/{tenant}/clock', allowed: ['admin'], ok: 200 },
  { method: 'PUT', template: '/v1/tenants/{tenant}/clock', body: () => ({ now: new Date().toISOString() }), allowed: ['admin'], ok: 200 },
  // Before the program is set again below (without the partner the seed gave it).
  { method: 'POST', template: '/v1/tenants/{tenant}/partners/{partnerId}/codes', body: () => ({ codes: [`CODE-${unique('P')}`] }), allowed: ['admin'], ok: 201 },
  { method: 'PUT', template: '/v1/tenants/{tenant}/program', body: () => PROGRAM, allowed: ['admin'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/program', allowed: ['admin', 'pos', 'auditor', 'analyst'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/program/revisions', allowed: ['admin', 'auditor', 'analyst'], ok: 200 },
  { method: 'POST', template: '/v1/tenants/{tenant}/segments', body: () => ({ segmentId: unique('S'), name: 'Members', stages: ['member'] }), allowed: ['admin'], ok: 201 },
  { method: 'GET', template: '/v1/tenants/{tenant}/segments', allowed: ['admin', 'auditor', 'analyst'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/segments/{segmentId}', allowed: ['admin', 'auditor', 'analyst'], ok: 200 },
  { method: 'POST', template: '/v1/tenants/{tenant}/campaigns', body: () => matrixCampaign(unique('C')), allowed: ['admin'], ok: 201 },
  { method: 'GET', template: '/v1/tenants/{tenant}/campaigns', allowed: ['admin', 'auditor', 'analyst'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/campaigns/{campaignId}', allowed: ['admin', 'auditor', 'analyst'], ok: 200 },
  // Ending the matrix's campaign again changes nothing: allowed, the same answer.
  { method: 'POST', template: '/v1/tenants/{tenant}/campaigns/{campaignId}/end', allowed: ['admin'], ok: 200 },
  { method: 'POST', template: '/v1/tenants/{tenant}/offers', body: () => matrixOffer(unique('O')), allowed: ['admin'], ok: 201 },
  { method: 'GET', template: '/v1/tenants/{tenant}/offers', allowed: ['admin', 'auditor', 'analyst'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/offers/{offerId}', allowed: ['admin', 'auditor', 'analyst'], ok: 200 },
  { method: 'POST', template: '/v1/tenants/{tenant}/offers/{offerId}/end', allowed: ['admin'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/caller', allowed: ['platform', 'admin', 'pos', 'auditor', 'analyst'], ok: 200 },
  { method: 'POST', template: '/v1/tenants/{tenant}/members', body: () => ({ customerId: unique('m'), cardNumber: `6001 ${unique('9')}`, homeStoreId: 'JKT-01' }), allowed: ['pos'], ok: 201 },
  { method: 'POST', template: '/v1/tenants/{tenant}/purchases', body: () => purchase('ani', 100_000), allowed: ['pos'], ok: 201 },
  { method: 'POST', template: '/v1/tenants/{tenant}/quotes', body: () => { const { receiptId: _id, total: _total, ...basket } = purchase('ani', 100_000); return basket; }, allowed: ['pos'], ok: 200 },
  {
    method: 'POST',
    template: '/v1/tenants/{tenant}/returns',
    body: () => ({ returnId: unique('RT'), receiptId: 'R-SEC-1', storeId: 'JKT-01', customerId: 'ani', occurredAt: hoursAgo(1), amount: 10_000 }),
    allowed: ['pos'],
    ok: 201,
  },
  { method: 'POST', template: '/v1/tenants/{tenant}/redemptions', body: () => ({ redemptionId: unique('RD'), customerId: 'ani', rewardId: 'COFFEE', storeId: 'JKT-01' }), allowed: ['pos'], ok: 201 },
  { method: 'POST', template: '/v1/tenants/{tenant}/redemptions/{redemptionId}/cancel', allowed: ['pos'], ok: 200 },
  { method: 'POST', template: '/v1/tenants/{tenant}/feedback', body: () => ({ feedbackId: unique('FB'), customerId: 'ani', storeId: 'JKT-01', nps: 9 }), allowed: ['pos'], ok: 201 },
  // The card Ani holds, so that the card route below keeps finding her: allowed, it changes nothing.
  { method: 'PUT', template: '/v1/tenants/{tenant}/members/{customerId}/card', body: () => ({ cardNumber: MATRIX_CARD }), allowed: ['pos'], ok: 200 },
  // Ani's voucher: a till uses it once, then undoes the use once; her wallet shows its code to pos and admin only.
  { method: 'POST', template: '/v1/tenants/{tenant}/vouchers/{code}/use', body: () => ({ storeId: 'JKT-01', receiptId: unique('RV') }), allowed: ['pos'], ok: 200 },
  { method: 'POST', template: '/v1/tenants/{tenant}/vouchers/{code}/cancel-use', allowed: ['pos'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/customers/{customerId}/vouchers', allowed: ['pos', 'admin'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/customers/{customerId}/stamp-cards', allowed: ['pos', 'admin', 'auditor'], ok: 200 },
  // The till's view of a member: pos reads a member's summary, by card or by id, and nothing else of theirs.
  { method: 'GET', template: '/v1/tenants/{tenant}/cards/{cardNumber}', allowed: ['pos', 'admin', 'auditor'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/customers/{customerId}/summary', allowed: ['pos', 'admin', 'auditor'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/customers/{customerId}/offers', allowed: ['pos', 'admin', 'auditor'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/customers/{customerId}', allowed: ['admin', 'auditor'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/customers/{customerId}/lots', allowed: ['admin', 'auditor'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/customers/{customerId}/balance', query: `asOf=${ASOF}`, allowed: ['admin', 'auditor'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/customers/{customerId}/ledger', allowed: ['admin', 'auditor'], ok: 200 },
  { method: 'DELETE', template: '/v1/tenants/{tenant}/customers/{customerId}/personal-data', allowed: ['admin'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/feedback/comments', allowed: ['admin'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/customers', query: 'limit=10', allowed: ['admin', 'analyst'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/customers/{customerId}/profile', allowed: ['admin', 'analyst'], ok: 200 },
  ...dashboards.map((name): Route => ({ method: 'GET', template: `/v1/tenants/{tenant}/dashboards/${name}`, allowed: ['admin', 'analyst'], ok: 200 })),
  // The member's own door: only a member's token, for themselves.
  { method: 'GET', template: '/v1/tenants/{tenant}/me', allowed: ['member'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/me/history', allowed: ['member'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/me/rewards', allowed: ['member'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/me/vouchers', allowed: ['member'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/me/stamp-cards', allowed: ['member'], ok: 200 },
  { method: 'GET', template: '/v1/tenants/{tenant}/me/offers', allowed: ['member'], ok: 200 },
  { method: 'POST', template: '/v1/tenants/{tenant}/me/redemptions', body: () => ({ redemptionId: unique('RD'), rewardId: 'COFFEE', storeId: 'JKT-01' }), allowed: ['member'], ok: 201 },
  { method: 'POST', template: '/v1/tenants/{tenant}/me/feedback', body: () => ({ feedbackId: unique('FB'), storeId: 'JKT-01', receiptId: 'R-SEC-1', nps: 8 }), allowed: ['member'], ok: 201 },
  // Last: once Ani is forgotten, her card finds no one.
  { method: 'POST', template: '/v1/tenants/{tenant}/me/erasure', allowed: ['member'], ok: 200 },
];

/** The code of Ani's voucher, by tenant, once seeded. */
const voucherCodes = new Map<string, string>();


/** The request path of a route for a tenant; `keyId` fills a route that names a key. */
export function routePath(route: Route, tenant: string, keyId = ''): string {
  const path = route.template
    .replace('{tenant}', tenant)
    .replace('{keyId}', keyId)
    .replace('{customerId}', 'ani')
    .replace('{redemptionId}', 'RD-SEC-1')
    .replace('{campaignId}', 'MATRIX-CAMPAIGN')
    .replace('{segmentId}', 'MATRIX-SEGMENT')
    .replace('{offerId}', 'MATRIX-OFFER')
    .replace('{partnerId}', 'P1')
    .replace('{cardNumber}', encodeURIComponent(MATRIX_CARD))
    .replace('{code}', voucherCodes.get(tenant) ?? 'NONE');
  return route.query ? `${path}?${route.query}` : path;
}

/**
 * The tenant's program, and Ani, whom the routes name: a member with a receipt to return goods
 * from, points to redeem and a redemption to cancel, in the read models too.
 */
export async function seedMatrixTenant(setia: TestApp, tenant: string, auth: { admin: Record<string, string>; pos: Record<string, string> }): Promise<void> {
  const expectStatus = async (answer: Promise<{ status: number; body: unknown }>, status: number) => {
    const { status: got, body } = await answer;
    if (got !== status) throw new Error(`seeding ${tenant}: expected ${status}, got ${got} ${JSON.stringify(body)}`);
  };
  const t = `/v1/tenants/${tenant}`;
  // Ani buys a voucher with a point; the program has a partner, whose pool the admin fills.
  await expectStatus(
    setia.request(
      'PUT',
      `${t}/program`,
      {
        ...PROGRAM,
        vouchers: [{ rewardId: 'CAKE', points: 1, reward: { voucher: { kind: 'freeItem', sku: 'CAKE' }, validDays: 30 } }],
        partnerRewards: { partners: [{ partnerId: 'P1', name: 'A partner' }], rewards: [] },
      },
      auth.admin,
    ),
    200,
  );
  await expectStatus(setia.request('POST', `${t}/segments`, { segmentId: 'MATRIX-SEGMENT', name: 'Members', stages: ['member'] }, auth.admin), 201);
  await expectStatus(setia.request('POST', `${t}/campaigns`, matrixCampaign('MATRIX-CAMPAIGN'), auth.admin), 201);
  await expectStatus(setia.request('POST', `${t}/offers`, matrixOffer('MATRIX-OFFER'), auth.admin), 201);
  await expectStatus(setia.request('POST', `${t}/members`, { customerId: 'ani', cardNumber: MATRIX_CARD, homeStoreId: 'JKT-01' }, auth.pos), 201);
  await expectStatus(setia.request('POST', `${t}/purchases`, purchase('ani', 5_000_000, { receiptId: 'R-SEC-1' }), auth.pos), 201);
  await expectStatus(setia.request('POST', `${t}/redemptions`, { redemptionId: 'RD-SEC-1', customerId: 'ani', rewardId: 'COFFEE', storeId: 'JKT-01' }, auth.pos), 201);
  await expectStatus(setia.request('POST', `${t}/redemptions`, { redemptionId: 'RD-SEC-CAKE', customerId: 'ani', rewardId: 'CAKE', storeId: 'JKT-01' }, auth.pos), 201);
  const wallet = await setia.request('GET', `${t}/customers/ani/vouchers`, undefined, auth.admin);
  voucherCodes.set(tenant, wallet.body.vouchers[0].code);
  await eventually(async () => ((await setia.request('GET', `${t}/customers/ani/profile`, undefined, auth.admin)).status === 200 ? true : undefined));
}
