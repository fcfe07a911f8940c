/** The current time as an ISO 8601 UTC string. Injected, so tests can fix it. */
export interface Clock {
  now(): string;
}

export const CLOCK = Symbol('CLOCK');

/** The time of a tenant: the system clock's, or a sandbox tenant's own (TenantClocks). */
export interface TenantTime {
  now(tenant: string): Promise<string>;
}

export const TENANT_TIME = Symbol('TENANT_TIME');

/** Every tenant on one clock: for tests and tools without sandboxes. */
export const timeOf = (clock: Clock): TenantTime => ({ now: async () => clock.now() });

let secondWritten = Number.NaN;
/** `2026-11-29T14:30:15.` of the second last written. */
let secondText = '';

/**
 * `new Date(epochMs).toISOString()` with the text up to the second made once per second: every
 * command asks for the time, and making a Date each time cost several times more.
 */
export function isoTimeOf(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second !== secondWritten || !Number.isSafeInteger(epochMs)) {
    const text = new Date(epochMs).toISOString();
    if (!Number.isSafeInteger(epochMs) || text.length !== 24) return text;
    secondWritten = second;
    secondText = text.slice(0, 20);
  }
  const millisecond = epochMs - second * 1000;
  return `${secondText}${millisecond < 10 ? '00' : millisecond < 100 ? '0' : ''}${millisecond}Z`;
}

export const systemClock: Clock = { now: () => isoTimeOf(Date.now()) };
