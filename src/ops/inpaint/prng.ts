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

/**
 * A class, not an object of closures made per generator: every generator then shares the
 * same methods, so V8's optimised callers (PatchMatch's sweeps) keep their code from one
 * fill to the next instead of deoptimising on each new generator's functions.
 */
class Mulberry32 implements Rng {
  /** The state, a uint32 (in a typed array: no number boxed per draw). */
  private readonly state = new Uint32Array(1);

  constructor(seed: number) {
    this.state[0] = seed >>> 0;
  }

  next(): number {
    const s = (this.state[0] + 0x6d2b79f5) >>> 0;
    this.state[0] = s;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  int(n: number): number {
    return this.next() % n;
  }

  float(): number {
    return this.next() / 4294967296;
  }
}

export function createRng(seed: number): Rng {
  return new Mulberry32(seed);
}
