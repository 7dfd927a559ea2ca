import { describe, expect, it } from 'vitest';
import { sampleDomain } from './index';

describe('the sample domain', () => {
  // The framework takes a projection without one (written first, described after); the sample's
  // views are documented in /openapi.json, so each must say what its data looks like.
  it('declares the view schema of every projection', () => {
    const undeclared = sampleDomain.projections
      .names()
      .filter((name) => sampleDomain.projections.byName(name)?.view === undefined);
    expect(undeclared).toEqual([]);
  });
});
