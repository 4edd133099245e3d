import { describe, expect, it } from 'vitest';
import { evictBeyond, touch } from './lru.ts';

describe('byte-budget LRU', () => {
  it('evicts the least recently used first, never the one just added', () => {
    const m = new Map([
      ['a', 40],
      ['b', 40],
      ['c', 40],
    ]);
    touch(m, 'a'); // order now b, c, a
    m.set('d', 50);
    expect(evictBeyond(m, (v) => v, 100, 'd')).toEqual(['b', 'c']);
    expect([...m.keys()]).toEqual(['a', 'd']);
    m.set('huge', 500);
    expect(evictBeyond(m, (v) => v, 100, 'huge')).toEqual(['a', 'd']);
    expect([...m.keys()]).toEqual(['huge']);
    touch(m, 'missing');
    expect([...m.keys()]).toEqual(['huge']);
  });
});
