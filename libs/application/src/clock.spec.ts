import { seededRandom } from '../../../bench/ledger-generator';
import { isoTimeOf, systemClock } from './clock';

describe('isoTimeOf writes an instant as toISOString does', () => {
  it.each([0, 1, 999, 1000, 1001, -1, -1000, -1001, 1_764_400_000_000, 1_764_400_000_999, 253_402_300_799_999, 253_402_300_800_000, -62_167_219_200_001, 8.64e15])('%d', (epochMs) => {
    expect(isoTimeOf(epochMs)).toBe(new Date(epochMs).toISOString());
  });

  it('on instants in and out of order, within a second and across seconds and years', () => {
    const random = seededRandom(11);
    let epochMs = 1_764_400_000_000;
    for (let i = 0; i < 20_000; i++) {
      epochMs += Math.floor(random() * 3000) - (i % 7 === 0 ? 2500 : 0) + (i % 997 === 0 ? 31_536_000_000 : 0);
      expect([epochMs, isoTimeOf(epochMs)]).toEqual([epochMs, new Date(epochMs).toISOString()]);
    }
  });

  it('refuses what toISOString refuses', () => {
    expect(() => isoTimeOf(Number.NaN)).toThrow(RangeError);
    expect(() => isoTimeOf(8.64e15 + 1)).toThrow(RangeError);
  });

  it('the system clock gives the time now', () => {
    const before = Date.now();
    const now = Date.parse(systemClock.now());
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
