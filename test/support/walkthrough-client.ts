import createClient from 'openapi-fetch';
import type { paths } from '../../clients/setia-api';

/** An answer's body, or the refusal as an error naming its status (a walkthrough step must succeed). */
function body<T>({ data, error, response }: { data?: T; error?: unknown; response: Response }): T {
  if (data === undefined) throw new Error(`${response.url} answered ${response.status}: ${JSON.stringify(error)}`);
  return data;
}

/**
 * The README's walkthrough, step by step, through the client generated from the OpenAPI document
 * (clients/setia-api.d.ts) and openapi-fetch, as an integrator's till and BI tool would call Setia.
 * It answers what each step's answer said.
 */
export async function walkthrough(baseUrl: string, platformKey: string) {
  const as = (key: string) => createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${key}` } });
  const platform = as(platformKey);
  const tenant = 'kopi_nusantara';
  const path = { tenant };

  // 0. A chain becomes a tenant, with an admin key and a till key.
  const created = body(await platform.POST('/v1/tenants', { body: { tenantId: tenant, receiptsSince: '2026-11-01T00:00:00+07:00' } }));
  const adminKey = body(await platform.POST('/v1/tenants/{tenant}/keys', { params: { path }, body: { role: 'admin' } })).key;
  const admin = as(adminKey);
  const posKey = body(await admin.POST('/v1/tenants/{tenant}/keys', { params: { path }, body: { role: 'pos', stores: ['JKT-01'] } })).key;
  const till = as(posKey);

  // 1. The program.
  const program = body(
    await admin.PUT('/v1/tenants/{tenant}/program', {
      params: { path },
      body: {
        currency: 'IDR',
        timeZone: 'Asia/Jakarta',
        stores: [
          { storeId: 'JKT-01', timeZone: 'Asia/Jakarta' },
          { storeId: 'JAP-01', timeZone: 'Asia/Jayapura' },
        ],
        earn: { spendPerPoint: 10000 },
        tiers: [
          { name: 'Silver', minQualifyingSpend: 0, multiplier: 1 },
          { name: 'Gold', minQualifyingSpend: 1000000, multiplier: 1.5 },
        ],
        rewards: [{ rewardId: 'COFFEE', points: 100 }],
        referral: { referrerBonus: 200, refereeBonus: 100, minQualifyingPurchase: 200000 },
        feedback: { bonus: 20 },
      },
    }),
  );

  // 2-7. At the till.
  const enrolled = body(await till.POST('/v1/tenants/{tenant}/members', { params: { path }, body: { customerId: 'alice', cardNumber: '6001 0001', birthday: '1990-04-17' } }));
  const receipt = {
    receiptId: 'R-1001',
    storeId: 'JKT-01',
    customerId: 'alice',
    occurredAt: '2026-11-20T19:30:00+07:00',
    currency: 'IDR' as const,
    total: 1500000,
    lines: [{ sku: 'KOPI-SUSU', category: 'drinks', quantity: 5, unitPrice: 300000 }],
  };
  const bought = body(await till.POST('/v1/tenants/{tenant}/purchases', { params: { path }, body: receipt }));
  const boughtAgain = body(await till.POST('/v1/tenants/{tenant}/purchases', { params: { path }, body: receipt }));
  const returned = body(
    await till.POST('/v1/tenants/{tenant}/returns', {
      params: { path },
      body: { returnId: 'RT-1', receiptId: 'R-1001', storeId: 'JKT-01', customerId: 'alice', occurredAt: '2026-11-21T10:00:00+07:00', amount: 300000 },
    }),
  );
  const redeemed = body(await till.POST('/v1/tenants/{tenant}/redemptions', { params: { path }, body: { redemptionId: 'RD-1', customerId: 'alice', rewardId: 'COFFEE', storeId: 'JKT-01' } }));
  const cancelled = body(await till.POST('/v1/tenants/{tenant}/redemptions/{redemptionId}/cancel', { params: { path: { tenant, redemptionId: 'RD-1' } } }));
  const feedback = body(
    await till.POST('/v1/tenants/{tenant}/feedback', { params: { path }, body: { feedbackId: 'FB-1', customerId: 'alice', storeId: 'JKT-01', receiptId: 'R-1001', nps: 9, csat: 5 } }),
  );
  const alice = { tenant, customerId: 'alice' };
  const code = body(await admin.GET('/v1/tenants/{tenant}/customers/{customerId}', { params: { path: alice } })).referralCode;
  const friend = body(await till.POST('/v1/tenants/{tenant}/members', { params: { path }, body: { customerId: 'bob', cardNumber: '6001 0002', referralCode: code ?? undefined } }));
  const friendBought = body(
    await till.POST('/v1/tenants/{tenant}/purchases', {
      params: { path },
      body: {
        receiptId: 'R-1002',
        storeId: 'JKT-01',
        customerId: 'bob',
        occurredAt: '2026-11-22T09:15:00+07:00',
        currency: 'IDR',
        total: 250000,
        lines: [{ sku: 'KOPI-SUSU', category: 'drinks', quantity: 1, unitPrice: 250000 }],
      },
    }),
  );

  // 8. Her balance (once the process manager has paid the referrer), ledger and past balance.
  let customer = body(await admin.GET('/v1/tenants/{tenant}/customers/{customerId}', { params: { path: alice } }));
  for (let tries = 0; customer.points < 340 && tries < 100; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    customer = body(await admin.GET('/v1/tenants/{tenant}/customers/{customerId}', { params: { path: alice } }));
  }
  const ledger = body(await admin.GET('/v1/tenants/{tenant}/customers/{customerId}/ledger', { params: { path: alice } }));
  const balance = body(await admin.GET('/v1/tenants/{tenant}/customers/{customerId}/balance', { params: { path: alice, query: { asOf: '2026-11-20T23:59:59+07:00' } } }));

  // 10. At the till: her card, her summary, a new card.
  const card = body(await till.GET('/v1/tenants/{tenant}/cards/{cardNumber}', { params: { path: { tenant, cardNumber: '6001 0001' } } }));
  const summary = body(await till.GET('/v1/tenants/{tenant}/customers/{customerId}/summary', { params: { path: alice } }));
  const replaced = body(await till.PUT('/v1/tenants/{tenant}/members/{customerId}/card', { params: { path: alice }, body: { cardNumber: '6001 0101' } }));
  const oldCard = await till.GET('/v1/tenants/{tenant}/cards/{cardNumber}', { params: { path: { tenant, cardNumber: '6001 0001' } } });

  return { created, program, enrolled, bought, boughtAgain, returned, redeemed, cancelled, feedback, friend, friendBought, customer, ledger, balance, card, summary, replaced, oldCard: { status: oldCard.response.status, error: oldCard.error } };
}
