// Source pixels <-> pixels of an upscaled image: what export writes must come back bit for bit
// when replay multiplies it by the upscale factor, for the factors chains of x2/x3/x4 give.
import { describe, expect, it } from 'vitest';
import { createRng } from '../ops/inpaint/prng.ts';
import { exactSource, sourceGridPoint, toImageStep, toSourceStep } from './step-pixels.ts';

/** A small deterministic generator (mulberry32), so a failure names a reproducible case. */
const random = (seed: number): (() => number) => {
  const rng = createRng(seed);
  return () => rng.float();
};

const FACTORS = [2, 3, 4, 6, 8, 9, 12, 16, 18, 27, 36, 64];
/** JSON is how a manifest travels: the value replay reads back. */
const viaJson = (v: number) => JSON.parse(JSON.stringify(v)) as number;
const viaJsonStep = <T>(step: T) => JSON.parse(JSON.stringify(step)) as T;

describe('source pixels that replay exactly', () => {
  it.each(FACTORS)('a point drawn on an image upscaled x%i comes back bit for bit (100000 random points)', (k) => {
    const next = random(k);
    const wrong: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const v = sourceGridPoint(next() * 9000 * k, k);
      const s = exactSource(v, k);
      if (s === null || viaJson(s) * k !== v) wrong.push(v);
    }
    expect(wrong).toEqual([]);
  });

  it('never returns a source value that does not come back exactly (arbitrary doubles)', () => {
    const next = random(7);
    let none = 0;
    const wrong: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const v = (next() + next() * 2 ** -32) * 10_000; // all 53 bits of the mantissa in use
      const s = exactSource(v, 3);
      if (s === null) none++;
      else if (s * 3 !== v) wrong.push(v);
    }
    expect(wrong).toEqual([]);
    // Plain division is not enough: for many doubles no source value comes back as the same double.
    expect(none).toBeGreaterThan(1000);
  });

  it('keeps drawing on a 1/100 pixel grid at the source scale', () => {
    expect(sourceGridPoint(12.3456)).toBe(12.35);
    expect(sourceGridPoint(12.3456, 3) / 3).toBeCloseTo(4.12, 12);
    expect(exactSource(sourceGridPoint(12.3456, 3), 3)).toBe(4.12);
  });

  it('converts strokes, regions and boxes both ways, exactly', () => {
    const step = { op: 'remove_text', region: [3, 4, 21, 9], boxes: [[6, 7, 12, 9]] };
    const { step: inSource, exact } = toSourceStep(step, 3);
    expect(exact).toBe(true);
    expect(inSource).toEqual({ op: 'remove_text', region: [1, 4 / 3, 7, 3], boxes: [[2, 7 / 3, 4, 3]] });
    expect(toImageStep(viaJsonStep(inSource), 3)).toEqual(step);
    const strokes = { op: 'inpaint', strokes: [{ points: [sourceGridPoint(10.01, 3), 30], width: 24, erase: true }] };
    const { step: strokesInSource, exact: strokesExact } = toSourceStep(strokes, 3);
    expect(strokesExact).toBe(true);
    expect(toImageStep(viaJsonStep(strokesInSource), 3)).toEqual(strokes);
    expect(toSourceStep(strokes, 1).step).toBe(strokes);
  });

  it('rounds a box corner with no exact source form outward to whole source pixels', () => {
    let v = 1;
    while (exactSource(v, 27) !== null) v++;
    expect(toSourceStep({ op: 'remove_text', region: [0, 0, v, 27] }, 27).step.region).toEqual([0, 0, Math.ceil(v / 27), 1]);
  });

  it('says when a stroke has no exact source form', () => {
    let v = 0.01;
    while (exactSource(v, 3) !== null) v += 0.01;
    const { step, exact } = toSourceStep({ op: 'inpaint', strokes: [{ points: [v, 1], width: 3 }] }, 3);
    expect(exact).toBe(false);
    expect((step.strokes as { points: number[] }[])[0].points[0]).toBe(v / 3);
  });
});
