import { DomainError } from './errors';
import { instantOf } from './instant';

/**
 * A sandbox tenant's clock, in its stream `clock-<tenant>`: it starts when the tenant was created
 * and moves only when an admin moves it forward, as payment platforms' test clocks do. Every
 * decision for the tenant is made at its time, and what falls due up to it is decided when it
 * moves. Other tenants read the system clock.
 */
export const clockStream = (tenant: string) => `clock-${tenant}`;

export type ClockEvent = { type: 'ClockMoved'; data: { from: string; to: string; movedBy: string } };

export interface TenantClockState {
  /** The tenant's time: its creation until the clock is first moved. */
  now: string;
}

export function evolveClock(state: TenantClockState, event: ClockEvent): TenantClockState {
  switch (event.type) {
    case 'ClockMoved':
      return { now: event.data.to };
  }
}

/**
 * The furthest one move may reach: what falls due is decided before the answer, and a member's
 * monthly reviews and yearly birthdays over centuries would keep the scheduler busy for hours.
 */
export const MAX_CLOCK_LEAP_DAYS = 3_660;

/** Moving to the time it shows records nothing; backwards, or more than ten years on, is refused. */
export function decideClockMove(state: TenantClockState, to: string, movedBy: string): ClockEvent[] {
  if (instantOf(to) === instantOf(state.now)) return [];
  if (instantOf(to) < instantOf(state.now)) throw new ClockMovesForwardOnly(state.now, to);
  if (instantOf(to) - instantOf(state.now) > MAX_CLOCK_LEAP_DAYS * 86_400_000) throw new ClockLeapTooFar(state.now, to);
  return [{ type: 'ClockMoved', data: { from: state.now, to, movedBy } }];
}

export class ClockMovesForwardOnly extends DomainError {
  readonly category = 'conflict';
  constructor(now: string, to: string) {
    super(`now: the tenant's clock shows ${now} and moves forward only, not back to ${to}`, 'now');
  }
}

export class ClockLeapTooFar extends DomainError {
  readonly category = 'rejected';
  constructor(now: string, to: string) {
    super(`now: the tenant's clock shows ${now}; one move may go at most ${MAX_CLOCK_LEAP_DAYS} days on, not to ${to}`, 'now');
  }
}

export class NotASandbox extends DomainError {
  readonly category = 'not_found';
  constructor(tenant: string) {
    super(`tenant ${tenant} has no clock of its own: only a sandbox tenant's clock can be moved`);
  }
}
