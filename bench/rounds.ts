/**
 * Rounds of a bench on a shared, noisy machine: the same build gave figures a fifth apart from one
 * run to the next (7 December 2026: the all-in-one at 0.43–0.61 of the bare route in twelve runs,
 * the scheduler at 16,499–21,164 decisions/s in seventeen). A figure is printed for every round,
 * then their median.
 */

/** How many rounds: SETIA_BENCH_ROUNDS, 3 unless set. */
export function benchRounds(): number {
  const rounds = Number(process.env.SETIA_BENCH_ROUNDS ?? 3);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`SETIA_BENCH_ROUNDS must be a whole number of at least 1, not ${process.env.SETIA_BENCH_ROUNDS}`);
  return rounds;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('no values to take the median of');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Each round's value as printed, in the order the rounds ran: "0.74 / 0.81 / 0.78". */
export function perRound(values: readonly number[], format: (value: number) => string): string {
  return values.map(format).join(' / ');
}
