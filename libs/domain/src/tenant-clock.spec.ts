import { ClockLeapTooFar, ClockMovesForwardOnly, decideClockMove, evolveClock } from './tenant-clock';

describe('a sandbox tenant\'s clock', () => {
  const state = { now: '2030-01-01T02:00:00.000Z' };

  it('moves forward with one event naming who moved it', () => {
    const events = decideClockMove(state, '2030-02-01T02:00:00.000Z', 'waktu.key1');
    expect(events).toEqual([{ type: 'ClockMoved', data: { from: '2030-01-01T02:00:00.000Z', to: '2030-02-01T02:00:00.000Z', movedBy: 'waktu.key1' } }]);
    expect(evolveClock(state, events[0])).toEqual({ now: '2030-02-01T02:00:00.000Z' });
  });

  it('records nothing for the time it already shows, written with another offset', () => {
    expect(decideClockMove(state, '2030-01-01T09:00:00.000+07:00', 'waktu.key1')).toEqual([]);
  });

  it('never moves back', () => {
    expect(() => decideClockMove(state, '2030-01-01T01:59:59.999Z', 'waktu.key1')).toThrow(ClockMovesForwardOnly);
  });

  it('moves at most 3,660 days in one step', () => {
    expect(decideClockMove(state, '2040-01-09T02:00:00.000Z', 'k')).toHaveLength(1); // 3,660 days
    expect(() => decideClockMove(state, '2040-01-09T02:00:00.001Z', 'k')).toThrow(ClockLeapTooFar);
    expect(() => decideClockMove(state, '9999-12-31T23:59:59.000Z', 'k')).toThrow('at most 3660 days on');
  });
});
