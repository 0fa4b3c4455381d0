/**
 * The p-th percentile (0 ≤ p ≤ 1) of `sorted`, ascending, by linear interpolation between the
 * closest ranks: what a spreadsheet's MEDIAN and PERCENTILE (PERCENTILE.INC) give, so that the
 * programme's staff find the same figure when they check it in theirs. Rounded to the tenth, since
 * a delay in days is read to the day and float noise (12.000000001) would only mislead. Null for
 * no values: no delay is not a delay of 0 days.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile: p must be within [0, 1], got ${p}`);
  if (sorted.length === 0) return null;
  const rank = (sorted.length - 1) * p;
  const lower = Math.floor(rank);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const low = sorted[lower]!;
  const value = low + (rank - lower) * (sorted[upper]! - low);
  return Math.round(value * 10) / 10;
}
