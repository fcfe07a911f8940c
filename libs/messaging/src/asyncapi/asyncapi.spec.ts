import { buildAsyncApi, checkMessage, renderAsyncApi } from './asyncapi';
import { validate } from './json-schema';
import { parse as parseYaml } from 'yaml';

describe('the AsyncAPI document (served at /docs/asyncapi.yaml)', () => {
  it('parses back to the document it was rendered from', () => {
    expect(parseYaml(renderAsyncApi())).toEqual(buildAsyncApi());
  });

  it('is an AsyncAPI 3.0 document whose every $ref resolves', () => {
    const document = parseYaml(renderAsyncApi()) as any;
    expect(document.asyncapi).toBe('3.0.0');
    const refs: string[] = [];
    (function walk(node: unknown) {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) key === '$ref' ? refs.push(value as string) : walk(value);
      }
    })(document);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      expect(ref.slice(2).split('/').reduce((node: any, part) => node?.[part], document)).toBeDefined();
    }
  });

  it('refuses a message with a card number in its body, a wrong ce_type or a stray topic', () => {
    const document = buildAsyncApi();
    const headers = {
      ce_specversion: '1.0', ce_id: '6f1c9e0a-3b7d-4d35-9a52-1f0e8c7b2d44', ce_source: '/setia/tenants/kopi',
      ce_type: 'id.setia.loyalty.CustomerEnrolled.v1', ce_time: '2026-01-02T00:00:00.000Z', ce_subject: 'alice',
      'content-type': 'application/json', ce_revision: '0',
    };
    const body = { customerId: 'alice', referralCode: 'ABCD1234', tier: 'Silver', enrolledAt: '2026-01-02T00:00:00.000Z', programRevision: 0 };
    const message = { topic: 'setia.kopi.customer', key: 'customer-kopi-alice', headers, value: JSON.stringify(body) };
    expect(checkMessage(document, message)).toEqual([]);
    expect(checkMessage(document, { ...message, value: JSON.stringify({ ...body, cardNumber: '6001' }) })).toEqual([
      'CustomerEnrolled payload: property cardNumber is not allowed',
    ]);
    expect(checkMessage(document, { ...message, headers: { ...headers, ce_type: 'id.setia.loyalty.Nope.v1' } })[0]).toMatch(/not a message/);
    expect(checkMessage(document, { ...message, topic: 'other' })[0]).toMatch(/no channel/);
    expect(checkMessage(document, { ...message, headers: { ...headers, ce_type: 'id.setia.loyalty.PurchaseRecorded.v1' } }).length).toBeGreaterThan(0);
  });
});

describe('the small JSON Schema checker', () => {
  it('checks types, required, enums, ranges, patterns, formats and refs', () => {
    const root = {
      defs: { id: { type: 'string', format: 'uuid' } },
      schema: {
        type: 'object', additionalProperties: false, required: ['id', 'n'],
        properties: { id: { $ref: '#/defs/id' }, n: { type: 'integer', minimum: 0, maximum: 10 }, e: { enum: ['a'] }, at: { type: 'string', format: 'date-time' } },
      },
    };
    expect(validate(root.schema, { id: '6f1c9e0a-3b7d-4d35-9a52-1f0e8c7b2d44', n: 3, at: '2026-01-01T07:00:00+07:00' }, root)).toEqual([]);
    expect(validate(root.schema, { id: 'x', n: 11.5, e: 'b', at: 'yesterday', extra: 1 }, root)).toEqual([
      '$.id: "x" is not a UUID',
      '$.n: expected integer, got number',
      '$.e: expected one of ["a"], got "b"',
      '$.at: "yesterday" is not an RFC 3339 date-time',
      '$: property extra is not allowed',
    ]);
    expect(validate(root.schema, {}, root)).toEqual(['$: missing required property id', '$: missing required property n']);
  });
});
