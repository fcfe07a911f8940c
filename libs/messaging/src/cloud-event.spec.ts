import { CUSTOMER_EVENT_CONTRACTS, isPersonal, RULE_REASONS } from '@setia/domain';
import type { EventContract, FieldContract } from '@setia/domain';
import type { RecordedEvent } from '@setia/event-store';
import { EVERY_CUSTOMER_EVENT } from '../../domain/src/testing/fixtures';
import { buildAsyncApi, checkMessage } from './asyncapi/asyncapi';
import { isSkip, toMessage } from './cloud-event';
import type { OutgoingMessage } from './publisher.port';

function recorded(streamName: string, type: string, data: unknown, extra: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    id: '6f1c9e0a-3b7d-4d35-9a52-1f0e8c7b2d44',
    type,
    data,
    metadata: { tenant: 'kopi_nusantara', commandId: 'enrol:alice', correlationId: 'corr-1', principal: 'till:JKT-01', schemaVersion: 1, hash: 'abc' },
    streamName,
    revision: 4,
    position: '00000000000000000042',
    recordedAt: new Date('2026-03-01T05:00:00.000Z'),
    ...extra,
  };
}

const published = (event: RecordedEvent) => {
  const message = toMessage(event);
  if (isSkip(message)) throw new Error(message.reason);
  return message as OutgoingMessage;
};

describe('a stored event as a CloudEvents Kafka message (binary mode)', () => {
  it('carries the CloudEvents attributes as ce_ headers, the stream as key and the per-tenant topic', () => {
    const message = published(
      recorded('customer-kopi_nusantara-alice', 'PurchaseRecorded', {
        receiptId: 'R-1', storeId: 'JKT-01', occurredAt: '2026-03-01T11:30:00+07:00', currency: 'IDR', total: 600_000,
        lines: [{ sku: 'KOPI', category: 'drinks', quantity: 2, unitPrice: 300_000 }], programRevision: 0,
      }),
    );
    expect(message.topic).toBe('setia.kopi_nusantara.customer');
    expect(message.key).toBe('customer-kopi_nusantara-alice');
    expect(message.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: '6f1c9e0a-3b7d-4d35-9a52-1f0e8c7b2d44',
      ce_source: '/setia/tenants/kopi_nusantara',
      ce_type: 'id.setia.loyalty.PurchaseRecorded.v1',
      ce_time: '2026-03-01T04:30:00.000Z',
      ce_subject: 'alice',
      'content-type': 'application/json',
      ce_revision: '4',
      ce_correlationid: 'corr-1',
    });
    expect(JSON.parse(message.value)).toEqual({
      customerId: 'alice', receiptId: 'R-1', storeId: 'JKT-01', occurredAt: '2026-03-01T11:30:00+07:00', currency: 'IDR', total: 600_000,
      lines: [{ sku: 'KOPI', category: 'drinks', quantity: 2, unitPrice: 300_000 }], programRevision: 0,
    });
    expect(message.timestamp).toBe(Date.parse('2026-03-01T05:00:00.000Z'));
    expect(message.position).toBe('00000000000000000042');
  });

  it('publishes no card number, birthday or referrer\'s code of an enrolment, only the birth month', () => {
    const message = published(
      recorded('customer-kopi_nusantara-alice', 'CustomerEnrolled', {
        customerId: 'alice', cardNumber: '6001 0001', birthday: '1990-04-17', homeStoreId: 'JKT-01', referralCode: 'ABCD1234',
        referredBy: { customerId: 'bob', referralCode: 'BOBCODE1' }, tier: 'Silver', enrolledAt: '2026-03-01T05:00:00.000Z', programRevision: 0,
      }),
    );
    expect(message.value).not.toMatch(/6001|1990-04-17|BOBCODE1/);
    expect(JSON.parse(message.value)).toEqual({
      customerId: 'alice', homeStoreId: 'JKT-01', birthMonth: 4, referralCode: 'ABCD1234', referredBy: { customerId: 'bob' },
      tier: 'Silver', enrolledAt: '2026-03-01T05:00:00.000Z', programRevision: 0,
    });
    expect(checkMessage(buildAsyncApi(), message)).toEqual([]);
  });

  it('publishes whether feedback has a comment, not the comment', () => {
    const message = published(
      recorded('customer-kopi_nusantara-alice', 'FeedbackSubmitted', {
        feedbackId: 'FB-1', storeId: 'JKT-01', nps: 3, comment: 'call me on 0812 555', occurredAt: '2026-03-01T05:00:00.000Z',
      }),
    );
    expect(JSON.parse(message.value)).toEqual({
      customerId: 'alice', feedbackId: 'FB-1', storeId: 'JKT-01', nps: 3, hasComment: true, occurredAt: '2026-03-01T05:00:00.000Z',
    });
  });

  it('maps the program stream to the program topic, with the revision in the body and no customer subject', () => {
    const message = published(recorded('program-kopi_nusantara', 'ProgramConfigured', { program: { currency: 'IDR' }, configuredAt: '2026-01-01T00:00:00.000Z' }, { revision: 2 }));
    expect(message.topic).toBe('setia.kopi_nusantara.program');
    expect(message.key).toBe('program-kopi_nusantara');
    expect(message.headers.ce_subject).toBe('program');
    expect(JSON.parse(message.value)).toEqual({ revision: 2, configuredAt: '2026-01-01T00:00:00.000Z', program: { currency: 'IDR' } });
  });

  it('skips internal claim streams quietly and reports event types without a public schema', () => {
    expect(toMessage(recorded('claim-kopi_nusantara-receipt-R-1', 'ReceiptClaimed', {}))).toMatchObject({ skipped: 'internal' });
    expect(toMessage(recorded('customer-kopi_nusantara-alice', 'SomethingNew', { secret: 1 }))).toMatchObject({ skipped: 'unknown-type' });
  });

  it('keeps customer ids with dashes whole, and falls back to the recorded time without an occurrence time', () => {
    const message = published(recorded('customer-kopi-a-b-c', 'PointsReversed', { returnId: 'RT', receiptId: 'R', storeId: 'S', points: 1 }));
    expect(message.headers.ce_subject).toBe('a-b-c');
    expect(message.headers.ce_time).toBe('2026-03-01T05:00:00.000Z');
  });
});

describe('what the domain recorded reaches consumers', () => {
  it.each(Object.values(EVERY_CUSTOMER_EVENT).map((event) => [event.type, event] as const))(
    '%s: every field is published as recorded, but the personal ones, which never are',
    (type, event) => {
      const message = published(recorded('customer-kopi_nusantara-alice', type, event.data));
      const body = JSON.parse(message.value) as Record<string, unknown>;
      const fields = (CUSTOMER_EVENT_CONTRACTS[type] as EventContract<object>).fields as Record<string, FieldContract>;
      for (const [field, value] of Object.entries(event.data as Record<string, unknown>)) {
        const contract = fields[field];
        if (isPersonal(contract)) expect({ field, published: body[field] }).toEqual({ field, published: undefined });
        else if ('unpublished' in contract) expect({ field, reason: contract.unpublished }).toEqual({ field, reason: expect.stringMatching(/\w/) });
        else expect({ field, published: body[field] }).toEqual({ field, published: value });
      }
      expect(checkMessage(buildAsyncApi(), message)).toEqual([]);
    },
  );

  it.each([
    ['CampaignCreated', { campaign: { campaignId: 'lebaran', name: 'Lebaran', from: '2027-03-08', to: '2027-03-14', stores: ['JKT-01'], tiers: ['Gold'], effect: { category: 'drinks', multiplier: 2 }, minSpend: 50_000, budget: { points: 1_000 }, perMember: { points: 100 }, holdoutPercent: 10, exclusive: true, priority: 3 }, createdAt: '2027-03-01T00:00:00.000Z' }],
    ['CampaignEnded', { campaignId: 'lebaran', endedAt: '2027-03-10T00:00:00.000Z' }],
  ])('the program\'s %s is published as recorded, with its revision, valid against the AsyncAPI document', (type, data) => {
    const message = published(recorded('program-kopi_nusantara', type, data, { revision: 5 }));
    expect(message.topic).toBe('setia.kopi_nusantara.program');
    expect(JSON.parse(message.value)).toEqual({ revision: 5, ...data });
    expect(checkMessage(buildAsyncApi(), message)).toEqual([]);
  });

  it.each(RULE_REASONS.map((reason) => [reason]))('points earned for reason %s are published with their reason, valid against the AsyncAPI document', (reason) => {
    const message = published(recorded('customer-kopi_nusantara-alice', 'PointsEarned', { ...EVERY_CUSTOMER_EVENT.PointsEarned.data, reason }));
    expect(JSON.parse(message.value)).toMatchObject({ reason, points: 100 });
    expect(checkMessage(buildAsyncApi(), message)).toEqual([]);
  });
});
