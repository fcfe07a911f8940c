import { InvalidProgram } from './errors';
import { validateProgram } from './rules/registry';
import { decideProgram, evolveProgram, initialProgramState } from './program.decider';
import type { ProgramEvent } from './program.events';
import { programSpec } from './testing/decider-spec';
import { sampleProgram } from './testing/fixtures';

const NOW = '2026-01-01T00:00:00.000Z';
const configure = (program = sampleProgram(), now = NOW) => ({ type: 'ConfigureProgram' as const, data: { program, now } });
const configured = (program = sampleProgram(), configuredAt = NOW): ProgramEvent => ({
  type: 'ProgramConfigured',
  data: { program, configuredAt },
});

function refusedField(program: ReturnType<typeof sampleProgram>): string | undefined {
  try {
    validateProgram(program);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidProgram);
    return (error as InvalidProgram).field;
  }
  return undefined;
}

describe('program validation', () => {
  it('accepts a program with stores, ascending tiers starting at 0 and a catalogue', () => {
    expect(refusedField(sampleProgram())).toBeUndefined();
  });

  it.each([
    ['a time zone that is not IANA', sampleProgram({ timeZone: 'WIB' }), 'timeZone'],
    ['no store', sampleProgram({ stores: [] }), 'stores'],
    [
      'the same store twice',
      sampleProgram({ stores: [{ storeId: 'a', timeZone: 'Asia/Jakarta' }, { storeId: 'a', timeZone: 'Asia/Jayapura' }] }),
      'stores[1].storeId',
    ],
    ['a store in an unknown time zone', sampleProgram({ stores: [{ storeId: 'a', timeZone: 'Mars/Olympus' }] }), 'stores[0].timeZone'],
    ['no tier', sampleProgram({ tiers: [] }), 'tiers'],
    ['a first tier that does not start at 0', sampleProgram({ tiers: [{ name: 'Base', minQualifyingSpend: 1, multiplier: 1 }] }), 'tiers[0].minQualifyingSpend'],
    [
      'the same tier name twice',
      sampleProgram({ tiers: [{ name: 'Base', minQualifyingSpend: 0, multiplier: 1 }, { name: 'Base', minQualifyingSpend: 10, multiplier: 2 }] }),
      'tiers[1].name',
    ],
    [
      'tiers out of ascending order',
      sampleProgram({ tiers: [{ name: 'Base', minQualifyingSpend: 0, multiplier: 1 }, { name: 'VIP', minQualifyingSpend: 0, multiplier: 2 }] }),
      'tiers[1].minQualifyingSpend',
    ],
    ['a multiplier with more than 4 decimal places', sampleProgram({ tiers: [{ name: 'Base', minQualifyingSpend: 0, multiplier: 1.00001 }] }), 'tiers[0].multiplier'],
    ['a spend per point of 0, which would make every purchase worth infinite points', sampleProgram({ earn: { spendPerPoint: 0 } }), 'earn.spendPerPoint'],
    ['a fractional spend per point', sampleProgram({ earn: { spendPerPoint: 10.5 } }), 'earn.spendPerPoint'],
    ['a negative multiplier', sampleProgram({ tiers: [{ name: 'Base', minQualifyingSpend: 0, multiplier: -1 }] }), 'tiers[0].multiplier'],
    ['a reward that costs no points', sampleProgram({ rewards: [{ rewardId: 'free', points: 0 }] }), 'rewards[0].points'],
    ['a negative referrer bonus', sampleProgram({ referral: { referrerBonus: -1, refereeBonus: 0, minQualifyingPurchase: 0 } }), 'referral.referrerBonus'],
    ['a fractional feedback bonus', sampleProgram({ feedback: { bonus: 2.5 } }), 'feedback.bonus'],
    ['the same reward twice', sampleProgram({ rewards: [{ rewardId: 'x', points: 1 }, { rewardId: 'x', points: 2 }] }), 'rewards[1].rewardId'],
  ])('refuses %s, naming the field', (_rule, program, field) => {
    expect(refusedField(program)).toBe(field);
  });
});

describe('program configuration', () => {
  it('the first program of a tenant is recorded as an event', () => {
    programSpec.given([]).when(configure()).then([configured()]);
  });

  it('setting the same program again records nothing, so a PUT can be retried', () => {
    programSpec.given([configured()]).when(configure(sampleProgram(), '2026-02-01T00:00:00.000Z')).thenNothing();
  });

  it('a changed program is recorded as a new event, leaving the old rules in the ledger', () => {
    const richer = sampleProgram({ earn: { spendPerPoint: 5_000 } });
    programSpec.given([configured()]).when(configure(richer, '2026-02-01T00:00:00.000Z')).then([configured(richer, '2026-02-01T00:00:00.000Z')]);
  });

  it('an invalid program is refused and nothing is recorded', () => {
    programSpec.given([configured()]).when(configure(sampleProgram({ stores: [] }))).thenThrows(InvalidProgram, { field: 'stores' });
  });

  it('the revision a decision records is the stream revision of the program event in force', () => {
    let state = initialProgramState();
    expect(state).toEqual({ program: null, revision: -1, since: null });
    const second = sampleProgram({ feedback: { bonus: 50 } });
    state = evolveProgram(state, configured(), 0);
    state = evolveProgram(state, configured(second), 1);
    expect(state).toEqual({ program: second, revision: 1, since: NOW });
    expect(decideProgram(configure(second), state)).toEqual([]);
  });
});
