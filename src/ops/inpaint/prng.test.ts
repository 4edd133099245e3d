// The generator's sequence is part of every seeded fill's result (PatchMatch's search, the
// refinement): it must stay mulberry32's, draw for draw, whatever shape the code takes.
import { describe, expect, it } from 'vitest';
import { createRng } from './prng.ts';

/** mulberry32 as it was first written here (state in a closure). */
function reference(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

describe('createRng', () => {
  it('draws mulberry32 sequence for any seed, through next, int and float alike', () => {
    for (const seed of [0, 1, 42, 0x7fffffff, 0xffffffff, -5]) {
      const rng = createRng(seed);
      const ref = reference(seed);
      for (let k = 0; k < 300; k++) {
        const want = ref();
        if (k % 3 === 0) expect(rng.next()).toBe(want);
        else if (k % 3 === 1) expect(rng.int(1000)).toBe(want % 1000);
        else expect(rng.float()).toBe(want / 4294967296);
      }
    }
  });

  it('keeps generators apart: drawing from one leaves another where it was', () => {
    const a = createRng(7),
      b = createRng(7);
    const first = a.next();
    for (let k = 0; k < 10; k++) a.next();
    expect(b.next()).toBe(first);
  });

  it('gives mulberry32 known first values for seed 1', () => {
    const rng = createRng(1);
    expect([rng.next(), rng.next(), rng.next()]).toEqual([2693262067, 11749833, 2265367787]);
  });
});
