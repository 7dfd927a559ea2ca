/** The two kinds of derived cell in the peer tables: Cairn ÷ Castore, and a total per command. */
import { round } from '../stats';

/**
 * Cairn ÷ Castore, to 2 decimals. '-' when there is nothing to divide by, or when either side has
 * no samples (a percentile of none is NaN), so that a table never shows NaN or Infinity.
 */
export const ratio = (cairn: number, castore: number): number | string =>
  castore === 0 || !Number.isFinite(cairn) || !Number.isFinite(castore) ? '-' : round(cairn / castore, 2);

/** `value` spread over `commands`, to 2 decimals; a run of no commands divides by 1, not 0. */
export const perCommand = (value: number, commands: number) => round(value / Math.max(1, commands), 2);
