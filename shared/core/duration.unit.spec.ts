import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration';

describe('ISO 8601 durations', () => {
  it('reads weeks, days, hours, minutes and seconds', () => {
    expect(parseDuration('P7D')).toBe(7 * 86_400_000);
    expect(parseDuration('PT2S')).toBe(2_000);
    expect(parseDuration('P1W')).toBe(7 * 86_400_000);
    expect(parseDuration('P1DT12H30M')).toBe(86_400_000 + 12 * 3_600_000 + 30 * 60_000);
    expect(parseDuration('PT0.5S')).toBe(500);
    expect(parseDuration('PT0S')).toBe(0);
  });

  it('refuses what has no fixed length or is no duration', () => {
    for (const text of ['P1M', 'P1Y', 'P', 'PT', '7D', 'P-1D', 'PT1.2345S', '', 'P1DT', 'p7d']) {
      expect(() => parseDuration(text), text).toThrow(RangeError);
    }
  });
});
