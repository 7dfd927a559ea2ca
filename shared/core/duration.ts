/**
 * ISO 8601 durations of fixed length: weeks, days, hours, minutes and seconds (`P7D`, `PT2S`,
 * `P1DT12H`, `PT0.5S`). Years and months are refused: their length depends on the calendar, and a
 * deadline must be exact.
 */
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

const UNIT_MS = [7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000];

/** The duration in milliseconds; throws, naming what is accepted, for anything else. */
export const parseDuration = (text: string): number => {
  const match = DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T') || !match.slice(1).some((part) => part !== undefined)) {
    throw new RangeError(
      `'${text}' is not an ISO 8601 duration of weeks, days, hours, minutes, seconds (e.g. P7D, PT2S)`,
    );
  }
  return match.slice(1).reduce((total, part, unit) => total + (part ? Number(part) * (UNIT_MS[unit] ?? 0) : 0), 0);
};
