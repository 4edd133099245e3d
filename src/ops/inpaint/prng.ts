// A seeded 32-bit PRNG (mulberry32): integer arithmetic only, so every engine gives the same
// sequence. Used instead of Math.random everywhere results must replay.
export interface Rng {
  /** Next value, a uint32. */
  next(): number;
  /** Uniform-ish integer in [0, n). */
  int(n: number): number;
  /** Uniform in [0, 1). */
  float(): number;
}

export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return { next, int: (n) => next() % n, float: () => next() / 4294967296 };
}
