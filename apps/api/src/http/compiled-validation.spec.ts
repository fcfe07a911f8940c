import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { purchase } from '../../../../test/support/program';
import { KeyRequestDto, TenantDto } from '../access/access.dto';
import { EnrolmentDto, FeedbackDto, PurchaseDto, RedemptionDto, ReturnDto } from '../customers/requests.dto';
import { acceptsAsValid, acceptsPlainAsValid } from './compiled-validation';
import { VALIDATOR_OPTIONS } from './validation';

/** Values that break one rule or another: wrong types, bounds, formats, shapes. */
const ODD_VALUES: unknown[] = [
  undefined, null, '', ' ', 'x', 'R-1', 'a/b', '2026-11-20T19:30:00+07:00', '2026-11-20', 'IDR', 'XXX', 'Asia/Jakarta',
  0, -1, 1, 1.5, 7, 10, 11, 5e-324, 1e21, Number.MAX_SAFE_INTEGER + 2, NaN, true, false, [], [1], ['x'], [null], {}, { a: 1 }, 'x'.repeat(3000),
];

type Body = Record<string, unknown>;

/** Every body one change away from a valid one: each field (nested ones too) set to each odd value, removed, or an unknown field added. */
function variations(valid: Body): Body[] {
  const out: Body[] = [valid, { ...valid, unknownField: 1 }];
  for (const [key, value] of Object.entries(valid)) {
    const { [key]: _removed, ...without } = valid;
    out.push(without);
    for (const odd of ODD_VALUES) out.push({ ...valid, [key]: odd });
    if (Array.isArray(value) && value.length > 0 && typeof value[0] === 'object') {
      out.push({ ...valid, [key]: [...value, ...value] }, { ...valid, [key]: [value[0], 'x'] }, { ...valid, [key]: [value[0], undefined] }, { ...valid, [key]: [[value[0]]] });
      for (const inner of variations(value[0] as Body)) out.push({ ...valid, [key]: [inner] });
    } else if (value !== null && typeof value === 'object') {
      for (const inner of variations(value as Body)) out.push({ ...valid, [key]: inner });
    }
  }
  return out;
}

const BODIES: Array<[string, Function, Body]> = [
  ['purchase', PurchaseDto, { ...purchase('c1', 125_000), lines: [{ sku: 'A', category: 'food', quantity: 2, unitPrice: 62_500 }] }],
  ['enrolment', EnrolmentDto, { customerId: 'c1', cardNumber: ' 6001 0001 ', birthday: '1990-04-17', homeStoreId: 'JKT-01', referralCode: 'K7M2QX9T' }],
  ['return', ReturnDto, { returnId: 'RT-1', receiptId: 'R-1', storeId: 'JKT-01', customerId: 'c1', occurredAt: '2026-11-20T19:30:00+07:00', amount: 1000 }],
  ['redemption', RedemptionDto, { redemptionId: 'RD-1', customerId: 'c1', rewardId: 'COFFEE', storeId: 'JKT-01' }],
  ['feedback', FeedbackDto, { feedbackId: 'FB-1', customerId: 'c1', storeId: 'JKT-01', receiptId: 'R-1', nps: 9, csat: 4, comment: 'ramah' }],
  ['tenant', TenantDto, { tenantId: 'toko' }],
  ['key request', KeyRequestDto, { role: 'pos', stores: ['JKT-01'] }],
];

describe('the quick check of a request body says yes exactly when class-validator finds nothing', () => {
  it.each(BODIES)('%s bodies: the valid one and every one-change variation', (_name, dto, valid) => {
    const verdicts = variations(valid).map((body) => {
      const instance = plainToInstance(dto as new () => object, body) as object;
      return { body, quick: acceptsAsValid(instance), classValidator: validateSync(instance, VALIDATOR_OPTIONS).length === 0 };
    });
    expect(verdicts[0]).toMatchObject({ quick: true, classValidator: true });
    expect(verdicts.filter((v) => v.quick !== v.classValidator)).toEqual([]);
    // Both kinds are there: the variations break rules and keep to them.
    expect(verdicts.filter((v) => !v.classValidator).length).toBeGreaterThan(10);
  });

  it.each(BODIES)('%s bodies as parsed: a yes only where class-validator finds nothing and the instance holds the same values', (_name, dto, valid) => {
    const wrong = variations(valid).flatMap((body) => {
      if (!acceptsPlainAsValid(dto, body)) return [];
      const instance = plainToInstance(dto as new () => object, body) as object;
      const sameValues = JSON.stringify(instance) === JSON.stringify(body);
      return validateSync(instance, VALIDATOR_OPTIONS).length === 0 && sameValues ? [] : [body];
    });
    expect(wrong).toEqual([]);
  });

  it('takes a valid body as parsed where class-transformer only makes instances, and not where it trims', () => {
    const [, , purchaseBody] = BODIES[0];
    const [, , enrolmentBody] = BODIES[1];
    expect(acceptsPlainAsValid(PurchaseDto, purchaseBody)).toBe(true);
    expect(acceptsPlainAsValid(EnrolmentDto, enrolmentBody)).toBe(false);
    // A line that is a list of lines is left to class-validator.
    expect(acceptsPlainAsValid(PurchaseDto, { ...purchaseBody, lines: [purchaseBody.lines] })).toBe(false);
  });
});
