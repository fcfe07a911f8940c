import { InvalidProgram } from './errors';

/** Money is always integer minor units of the program's currency (sen, rupiah). */
export interface Program {
  /** ISO 4217 code. */
  currency: string;
  /** IANA time zone of the chain's head office, the default for stores. */
  timeZone: string;
  stores: Store[];
  earn: { spendPerPoint: number };
  /** Ascending by minQualifyingSpend; the first tier starts at 0 and is every member's start. */
  tiers: Tier[];
  rewards: Reward[];
  referral: { referrerBonus: number; refereeBonus: number; minQualifyingPurchase: number };
  feedback: { bonus: number };
}

export interface Store {
  storeId: string;
  timeZone: string;
}

export interface Tier {
  name: string;
  minQualifyingSpend: number;
  /** Up to 4 decimal places, e.g. 1.25. */
  multiplier: number;
}

export interface Reward {
  rewardId: string;
  points: number;
}

/** The program as a decision sees it: the rules and the revision that recorded them. */
export interface ProgramVersion {
  revision: number;
  rules: Program;
}

const MULTIPLIER_SCALE = 10_000;

/** The program's rules are checked as a whole; the first problem found names its field. */
export function validateProgram(program: Program): void {
  const fail = (field: string, problem: string): never => {
    throw new InvalidProgram(`${field}: ${problem}`, field);
  };
  if (!isTimeZone(program.timeZone)) fail('timeZone', `${program.timeZone} is not an IANA time zone`);
  if (program.stores.length === 0) fail('stores', 'a program needs at least one store');
  const storeIds = new Set<string>();
  program.stores.forEach((store, i) => {
    if (storeIds.has(store.storeId)) fail(`stores[${i}].storeId`, `store ${store.storeId} appears twice`);
    storeIds.add(store.storeId);
    if (!isTimeZone(store.timeZone)) fail(`stores[${i}].timeZone`, `${store.timeZone} is not an IANA time zone`);
  });
  // Points are computed by dividing by these; a zero or fractional rate would make them meaningless.
  if (!isPositiveInteger(program.earn.spendPerPoint)) fail('earn.spendPerPoint', 'must be a positive integer amount');
  if (program.tiers.length === 0) fail('tiers', 'a program needs at least one tier');
  if (program.tiers[0].minQualifyingSpend !== 0) fail('tiers[0].minQualifyingSpend', 'the first tier must start at 0');
  const tierNames = new Set<string>();
  program.tiers.forEach((tier, i) => {
    if (tierNames.has(tier.name)) fail(`tiers[${i}].name`, `tier ${tier.name} appears twice`);
    tierNames.add(tier.name);
    if (i > 0 && tier.minQualifyingSpend <= program.tiers[i - 1].minQualifyingSpend) {
      fail(`tiers[${i}].minQualifyingSpend`, 'tiers must be in ascending order of minQualifyingSpend');
    }
    if (!(tier.multiplier >= 0)) fail(`tiers[${i}].multiplier`, 'must not be negative');
    if (!Number.isInteger(tier.multiplier * MULTIPLIER_SCALE)) {
      fail(`tiers[${i}].multiplier`, 'at most 4 decimal places');
    }
  });
  const rewardIds = new Set<string>();
  program.rewards.forEach((reward, i) => {
    if (rewardIds.has(reward.rewardId)) fail(`rewards[${i}].rewardId`, `reward ${reward.rewardId} appears twice`);
    rewardIds.add(reward.rewardId);
    if (!isPositiveInteger(reward.points)) fail(`rewards[${i}].points`, 'must be a positive whole number of points');
  });
  const amounts: [string, number][] = [
    ['referral.referrerBonus', program.referral.referrerBonus],
    ['referral.refereeBonus', program.referral.refereeBonus],
    ['referral.minQualifyingPurchase', program.referral.minQualifyingPurchase],
    ['feedback.bonus', program.feedback.bonus],
  ];
  for (const [field, amount] of amounts) if (!isNonNegativeInteger(amount)) fail(field, 'must be a whole number, not negative');
}

export function findStore(program: Program, storeId: string): Store | undefined {
  return program.stores.find((store) => store.storeId === storeId);
}

export function findReward(program: Program, rewardId: string): Reward | undefined {
  return program.rewards.find((reward) => reward.rewardId === rewardId);
}

/** The multiplier as an integer number of ten-thousandths, so point arithmetic stays exact. */
export function multiplierScaled(multiplier: number): number {
  return Math.round(multiplier * MULTIPLIER_SCALE);
}

export { MULTIPLIER_SCALE };

const isNonNegativeInteger = (n: number) => Number.isSafeInteger(n) && n >= 0;
const isPositiveInteger = (n: number) => Number.isSafeInteger(n) && n > 0;

/** An IANA zone name the runtime's time zone database knows (a pure look-up, no I/O). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}
