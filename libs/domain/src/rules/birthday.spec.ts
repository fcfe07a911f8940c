import type { CustomerEvent } from '../customer.events';
import { foldCustomer } from '../customer.state';
import { InvalidProgram } from '../errors';
import { customerSpec } from '../testing/decider-spec';
import { earned, enrol, enrolled, ENROLLED_AT, passTime, program, purchase, purchased, sampleProgram } from '../testing/fixtures';
import { validateProgram } from './registry';

const withBirthday = (settings: { bonus: number; multiplier?: number } = { bonus: 100, multiplier: 2 }, change = {}) => program({ birthday: settings, ...change });
const started = (year: number, month: number, occurredAt: string): CustomerEvent[] => [
  { type: 'BirthdayMonthStarted', data: { year, month, occurredAt, programRevision: 3 } },
  earned({ reason: 'birthday', points: 100, occurredAt, receiptId: undefined, storeId: undefined, tier: undefined }),
];
/** Born in April, enrolled on 10 January 2026 with no home store: the tenant's zone, Jakarta. */
const aprilMember = [enrolled({ birthMonth: 4 })];
const APRIL_2026 = '2026-03-31T17:00:00.000Z';

describe('the birthday month', () => {
  it('starts at local midnight on the first of the birth month, with the bonus, once a year', () => {
    customerSpec.given(aprilMember).when(passTime('2026-03-31T16:59:59.999Z', withBirthday())).thenNothing();
    customerSpec.given(aprilMember).when(passTime(APRIL_2026, withBirthday())).then(started(2026, 4, APRIL_2026));
    customerSpec.given([...aprilMember, ...started(2026, 4, APRIL_2026)]).when(passTime('2027-03-01T00:00:00.000Z', withBirthday())).thenNothing();
    customerSpec.given([...aprilMember, ...started(2026, 4, APRIL_2026)]).when(passTime('2027-03-31T17:00:00.000Z', withBirthday())).then(started(2027, 4, '2027-03-31T17:00:00.000Z'));
  });

  it('starts in the home store\'s time zone: two hours earlier in Jayapura than in Jakarta', () => {
    const jayapura = program({ birthday: { bonus: 100 }, stores: [{ storeId: 'jyp-1', timeZone: 'Asia/Jayapura' }] });
    customerSpec
      .given([enrolled({ birthMonth: 4, homeStoreId: 'jyp-1' })])
      .when(passTime('2026-03-31T15:00:00.000Z', jayapura))
      .then(started(2026, 4, '2026-03-31T15:00:00.000Z'));
  });

  it('a birthday on 29 February: the birth month is February, every year', () => {
    const member = [enrolled({ birthday: '2000-02-29', birthMonth: 2 })];
    const feb2026 = '2026-01-31T17:00:00.000Z';
    const feb2027 = '2027-01-31T17:00:00.000Z';
    const feb2028 = '2028-01-31T17:00:00.000Z';
    customerSpec.given(member).when(passTime(feb2026, withBirthday())).then(started(2026, 2, feb2026));
    customerSpec.given([...member, ...started(2026, 2, feb2026)]).when(passTime(feb2027, withBirthday())).then(started(2027, 2, feb2027));
    // 2028 has a 29 February; the month starts on the first all the same.
    customerSpec.given([...member, ...started(2026, 2, feb2026), ...started(2027, 2, feb2027)]).when(passTime(feb2028, withBirthday())).then(started(2028, 2, feb2028));
  });

  it('a member who enrols during their birth month gets it then', () => {
    const inApril = '2026-04-20T03:00:00.000Z';
    customerSpec
      .given([])
      .when(enrol({ birthday: '1990-04-17', birthMonth: 4, now: inApril, program: withBirthday() }))
      .then([enrolled({ birthday: '1990-04-17', birthMonth: 4, enrolledAt: inApril }), ...started(2026, 4, inApril)]);
    // ... and the next one is a year later.
    customerSpec.given([enrolled({ birthMonth: 4, enrolledAt: inApril }), ...started(2026, 4, inApril)]).when(passTime('2027-03-01T00:00:00.000Z', withBirthday())).thenNothing();
  });

  it('purchases in the birth month earn the extra multiplier on top of the tier\'s', () => {
    const inApril = '2026-04-05T03:00:00.000Z';
    customerSpec
      .given([...aprilMember, ...started(2026, 4, APRIL_2026)])
      .when(purchase({ occurredAt: inApril, now: inApril, program: withBirthday({ bonus: 100, multiplier: 2 }) }))
      .then([purchased({ occurredAt: inApril }), earned({ points: 100, occurredAt: inApril }), earned({ reason: 'birthday-month', points: 100, occurredAt: inApril, tier: undefined })]);
    customerSpec.given(aprilMember).when(purchase({ program: withBirthday() })).then([purchased(), earned({ points: 100 })]);
  });

  it('decides nothing for a member whose personal data was erased', () => {
    const erased = [...aprilMember, { type: 'PersonalDataErased', data: { erasedAt: ENROLLED_AT } } as CustomerEvent];
    expect(foldCustomer(erased).member?.birthMonth).toBeNull();
    customerSpec.given(erased).when(passTime('2027-12-31T00:00:00.000Z', withBirthday())).thenNothing();
    customerSpec.given(erased).when(purchase({ occurredAt: '2026-04-05T03:00:00.000Z', now: '2026-04-05T03:00:00.000Z', program: withBirthday() })).then([purchased({ occurredAt: '2026-04-05T03:00:00.000Z' }), earned({ points: 100, occurredAt: '2026-04-05T03:00:00.000Z' })]);
  });

  it('a member enrolled without a birthday has no birthday month', () => {
    customerSpec.given([enrolled()]).when(passTime('2030-01-01T00:00:00.000Z', withBirthday())).thenNothing();
  });

  it.each([
    ['a negative bonus', { bonus: -1 }, 'birthday.bonus'],
    ['a multiplier below 1', { bonus: 0, multiplier: 0.5 }, 'birthday.multiplier'],
  ])('refuses %s, naming the field', (_case, settings, field) => {
    expect(() => validateProgram(sampleProgram({ birthday: settings }))).toThrow(InvalidProgram);
    expect(() => validateProgram(sampleProgram({ birthday: settings }))).toThrow(expect.objectContaining({ field }));
  });
});
