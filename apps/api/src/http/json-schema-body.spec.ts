import { BadRequestException } from '@nestjs/common';
import { exampleRuleSettings, PROGRAM_SCHEMA, validateProgram } from '@setia/domain';
import { PROGRAM } from '../../../../test/support/program';
import { JsonSchemaBody, openApiSchema } from './json-schema-body';

const programBody = new JsonSchemaBody(PROGRAM_SCHEMA);

/** The 400 answer's body for a program, or undefined when it is accepted. */
function refusal(program: unknown): { message: string; field: string; errors: Array<{ field: string; messages: string[] }> } | undefined {
  try {
    programBody.transform(program);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse() as never;
  }
}

const withTier = (multiplier: unknown) => ({ ...PROGRAM, tiers: [PROGRAM.tiers[0], { name: 'Gold', minQualifyingSpend: 1_000_000, multiplier }] });

describe('a program body checked against the schema the rules publish', () => {
  it('takes a valid program as it is', () => {
    expect(programBody.transform(PROGRAM)).toBe(PROGRAM);
  });

  it('takes a program with every rule\'s example settings: the examples the documents show are valid', () => {
    const everyRule = { ...exampleRuleSettings(), currency: 'IDR', timeZone: 'Asia/Jakarta', stores: [{ storeId: 'JKT-01', timeZone: 'Asia/Jakarta' }] };
    expect(refusal(everyRule)).toBeUndefined();
    expect(() => validateProgram(everyRule)).not.toThrow();
  });

  it.each([
    ['a multiplier with 5 decimal places', withTier(1.00005), 'tiers[1].multiplier', 'tiers[1].multiplier must be a number with at most 4 decimal places'],
    ['a multiplier written with an exponent', withTier(5e-324), 'tiers[1].multiplier', 'tiers[1].multiplier must be a number with at most 4 decimal places'],
    ['a multiplier above 100', withTier(101), 'tiers[1].multiplier', 'tiers[1].multiplier must be at most 100'],
    ['a multiplier that is text', withTier('1.5'), 'tiers[1].multiplier', 'tiers[1].multiplier must be a number'],
    ['a time zone that is not IANA', { ...PROGRAM, timeZone: 'WIB' }, 'timeZone', 'timeZone must be an IANA time zone such as Asia/Jakarta'],
    ['a currency that is not ISO 4217', { ...PROGRAM, currency: 'RPH' }, 'currency', 'currency must be an ISO 4217 currency code such as IDR or MYR'],
    ['a store id with a slash', { ...PROGRAM, stores: [{ storeId: 'a/b', timeZone: 'Asia/Jakarta' }] }, 'stores[0].storeId', 'stores[0].storeId must be letters, digits and . _ : @ - (at most 128, starting with a letter or digit)'],
    ['no stores', { ...PROGRAM, stores: [] }, 'stores', 'stores must have at least 1 items'],
    ['a list of stores in a list', { ...PROGRAM, stores: [PROGRAM.stores] }, 'stores[0]', 'stores[0] must be an object'],
    ['a missing earn rate', { ...PROGRAM, earn: {} }, 'earn.spendPerPoint', 'earn.spendPerPoint is required'],
    ['a spend per point of 0', { ...PROGRAM, earn: { spendPerPoint: 0 } }, 'earn.spendPerPoint', 'earn.spendPerPoint must be at least 1'],
    ['a missing rule', (({ feedback: _left, ...rest }) => rest)(PROGRAM), 'feedback', 'feedback is required'],
    ['an unknown property', { ...PROGRAM, loyalty: true }, 'loyalty', 'property loyalty should not exist'],
    ['an unknown property of a reward', { ...PROGRAM, rewards: [{ rewardId: 'COFFEE', points: 100, free: true }] }, 'rewards[0].free', 'property rewards[0].free should not exist'],
    ['a body that is not an object', [PROGRAM], 'body', 'body must be an object'],
  ])('%s → 400 naming %s', (_case, program, field, message) => {
    expect(refusal(program)).toMatchObject({ field, message });
  });

  it('names every field at fault, not only the first', () => {
    const answer = refusal({ ...PROGRAM, timeZone: 'WIB', earn: { spendPerPoint: -1 } });
    expect(answer?.errors.map((error) => error.field).sort()).toEqual(['earn.spendPerPoint', 'timeZone']);
  });

  it('is published in the OpenAPI document in its 3.0 form: examples become one example, custom formats list their values', () => {
    const schema = openApiSchema(PROGRAM_SCHEMA) as any;
    expect(schema.properties.timeZone).toEqual({
      type: 'string',
      format: 'iana-time-zone',
      description: expect.any(String),
      example: 'Asia/Jakarta',
      enum: Intl.supportedValuesOf('timeZone').filter((zone) => zone.includes('/') || zone === 'UTC'),
    });
    expect(schema.properties.timeZone.enum).toEqual(expect.arrayContaining(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'Asia/Kuala_Lumpur']));
    expect(schema.properties.currency.enum).toEqual(expect.arrayContaining(['IDR', 'MYR']));
    expect(schema.properties.currency.enum).not.toContain('ABC');
    expect(schema.properties.tiers.items.properties.multiplier).toMatchObject({ multipleOf: 0.0001 });
    expect(schema.properties.earn.example).toEqual({ spendPerPoint: 1_000_000 });
    expect(JSON.stringify(schema)).not.toContain('"examples"');
  });
});
