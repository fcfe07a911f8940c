/** The current time as an ISO 8601 UTC string. Injected, so tests can fix it. */
export interface Clock {
  now(): string;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date().toISOString() };
