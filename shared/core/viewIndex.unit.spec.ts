import { describe, expect, it } from 'vitest';
import { keyOfSortPosition, viewIndexOf } from './viewIndex';

describe('view index', () => {
  it('indexes a view under each filter field it has a scalar value for, and at its sort position', () => {
    const index = viewIndexOf({ filters: ['archived', 'owner', 'tags'] }, 'l1', {
      archived: false,
      owner: 'Ada',
      tags: ['a'],
    });
    expect(index).toEqual({ filters: ['false', 'Ada', undefined], sort: 'l1' });
    // Own fields only: a view's prototype answers nothing.
    expect(viewIndexOf({ filters: ['constructor'] }, 'k', {}).filters).toEqual([undefined]);
  });

  it('orders integers as numbers and ties by key, with the key recoverable from the position', () => {
    const position = (balance: unknown, key: string) => viewIndexOf({ sort: 'balance' }, key, { balance }).sort;
    const ordered = [position(9, 'z'), position(10, 'a'), position(10, 'b'), position(200, 'a')];
    expect([...ordered].sort()).toEqual(ordered);
    expect(keyOfSortPosition(position(10, 'acc-1'))).toBe('acc-1');
    expect(keyOfSortPosition('plain-key')).toBe('plain-key');
    // What is no string and no integer from 0 sorts first.
    expect(position(-5, 'k') < position(0, 'k')).toBe(true);
  });
});
