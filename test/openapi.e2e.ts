import { totalOfReceipt } from '@setia/domain';
import { startSetia } from './support/setia-app';
import type { TestApp } from './support/setia-app';

/**
 * The OpenAPI document clients are generated from tells every answer: each operation's success
 * body and media type, every refusal with its body, the limits the server checks, and examples
 * the server takes. (test/fuzz.e2e.ts holds the server to it.)
 */
describe('the OpenAPI document', () => {
  let setia: TestApp;
  let doc: any;

  beforeAll(async () => {
    setia = await startSetia({}, { apiOnly: true });
    doc = (await setia.request('GET', '/docs/openapi.json')).body;
  });
  afterAll(() => setia.close());

  const operations = () =>
    Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
    );

  it('declares for every operation under /v1 its success body and every refusal with the Problem body', () => {
    const v1 = operations().filter(({ path }) => path.startsWith('/v1/'));
    expect(v1).toHaveLength(68);
    for (const { path, method, operation } of v1) {
      const statuses = Object.keys(operation.responses);
      const success = statuses.filter((status) => status.startsWith('2'));
      expect({ path, method, success: success.length }).toEqual({ path, method, success: 1 });
      // The answer's schema, generated from the controller method's type (answers.ts).
      expect(operation.responses[success[0]].content['application/json'].schema).toBeDefined();
      const refusals = ['400', '401', '403', '404', '422', '429', '503', ...(method === 'get' ? [] : ['409']), ...(operation.requestBody ? ['413'] : []), ...(path.includes('{') ? ['414'] : [])];
      expect({ path, method, statuses: statuses.filter((status) => !status.startsWith('2')).sort() }).toEqual({ path, method, statuses: refusals.sort() });
      for (const status of refusals) expect(operation.responses[status].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
      expect(operation.security).toEqual([{ bearer: [] }]);
    }
    expect(doc.components.schemas.Problem).toMatchObject({ type: 'object', required: ['statusCode', 'message'] });
  });

  it('states the limits the server checks', () => {
    const parameter = (path: string, name: string) => doc.paths[path].get.parameters.find((p: { name: string }) => p.name === name);
    expect(parameter('/v1/tenants/{tenant}/customers/{customerId}/ledger', 'limit').schema).toEqual({ type: 'integer', minimum: 1, maximum: 1000, default: 500 });
    expect(parameter('/v1/tenants/{tenant}/customers', 'limit').schema).toEqual({ type: 'integer', minimum: 1, maximum: 500, default: 100 });
    expect(parameter('/v1/tenants/{tenant}/customers/{customerId}/balance', 'asOf').schema).toMatchObject({ type: 'string', format: 'date-time' });
    expect(parameter('/v1/tenants/{tenant}/customers', 'lastPurchaseBefore').schema).toMatchObject({ type: 'string', format: 'date-time' });
    expect(parameter('/v1/tenants/{tenant}/dashboards/cohorts', 'from').schema).toEqual({ type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
    expect(parameter('/v1/tenants/{tenant}/dashboards/store-daily', 'storeId').schema.pattern).toBe('^(-|[A-Za-z0-9][A-Za-z0-9._:@-]{0,127})$');
    expect(parameter('/v1/tenants/{tenant}/customers/{customerId}', 'tenant').schema).toEqual({ type: 'string', pattern: '^[a-z0-9][a-z0-9_]{0,63}$' });
    expect(parameter('/v1/tenants/{tenant}/customers/{customerId}', 'customerId').schema).toEqual({ type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$' });
    const purchase = doc.components.schemas.PurchaseDto;
    expect(purchase.additionalProperties).toBe(false);
    expect(purchase.properties.lines).toMatchObject({ minItems: 1, maxItems: 1000 });
    expect(doc.components.schemas.EnrolmentDto.properties.cardNumber.pattern).toBe('^[A-Za-z0-9-][A-Za-z0-9 -]{2,62}[A-Za-z0-9-]$');
  });

  it('gives a purchase example whose total adds up and whose ids are of the kind they name', async () => {
    const schemas = doc.components.schemas;
    const exampleOf = (name: string) => Object.fromEntries(Object.entries(schemas[name].properties as Record<string, { example?: unknown }>).map(([field, property]) => [field, property.example]));
    const purchase = exampleOf('PurchaseDto');
    const example = {
      ...purchase,
      lines: [exampleOf('PurchaseLineDto')],
      discounts: [exampleOf('BasketDiscountDto')],
      charges: [exampleOf('ReceiptChargeDto')],
    };
    expect(example).toMatchObject({ receiptId: 'R-1001', storeId: 'JKT-01', customerId: 'alice', currency: 'IDR', total: 1_500_000 });
    const { category: _category, ...line } = example.lines[0] as Record<string, unknown>;
    expect(line).toEqual({ sku: 'KOPI-SUSU', quantity: 5, unitPrice: 300_000, discount: 0 });
    expect(totalOfReceipt({ ...example, charges: [{ kind: 'serviceCharge', amount: 50_000 }] } as never)).toBe(1_500_000n);
  });
});
