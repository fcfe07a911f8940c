import type { CustomerEvent } from './customer.events';
import type { CustomerState } from './customer.state';
import { evolveCustomer, initialCustomerState } from './customer.state';
import { instantOf } from './instant';

/** When an event happened in the shop (not when the store recorded it). */
export function occurredAt(event: CustomerEvent): string {
  switch (event.type) {
    case 'CustomerEnrolled':
      return event.data.enrolledAt;
    case 'PersonalDataErased':
      return event.data.erasedAt;
    default:
      return event.data.occurredAt;
  }
}

/**
 * The customer as of an instant: the ledger's events that happened at or before it, in ledger
 * order. A purchase a till posted late counts from when it happened, as the receipt says.
 */
export function customerAsOf(events: Iterable<CustomerEvent>, asOf: string): CustomerState {
  const until = instantOf(asOf);
  let state = initialCustomerState();
  for (const event of events) if (instantOf(occurredAt(event)) <= until) state = evolveCustomer(state, event);
  return state;
}

/** What a balance on a past date answers, to a till's back office or an auditor alike. */
export interface BalanceAsOf {
  customerId: string;
  asOf: string;
  points: number;
  tier: string | null;
  lifetimeEarned: number;
  lifetimeRedeemed: number;
  lifetimeReversed: number;
  lifetimeExpired: number;
}

export function balanceAsOf(customerId: string, events: Iterable<CustomerEvent>, asOf: string): BalanceAsOf {
  const state = customerAsOf(events, asOf);
  return {
    customerId,
    asOf,
    points: state.points,
    tier: state.tier,
    lifetimeEarned: state.lifetimeEarned,
    lifetimeRedeemed: state.lifetimeRedeemed,
    lifetimeReversed: state.lifetimeReversed,
    lifetimeExpired: state.lifetimeExpired,
  };
}
