import { describe, expect, it } from 'vitest';
import { dilate } from '../../core/mask-ops.ts';
import type { Box, Mask } from '../../core/types.ts';
import { createRng } from '../inpaint/prng.ts';
import { confine, grownInZone, zoneMask } from './confine.ts';

/** Scattered strokes over a w x h mask, some near the edges. */
function strokes(w: number, h: number, seed: number): Mask {
  const rng = createRng(seed);
  const data = new Uint8Array(w * h);
  for (let n = 0; n < 60; n++) {
    const x = rng.int(w),
      y = rng.int(h),
      len = 1 + rng.int(12);
    for (let k = 0; k < len; k++) if (x + k < w) data[y * w + x + k] = rng.int(2) ? 255 : 140;
  }
  return { width: w, height: h, data };
}

describe('grownInZone', () => {
  const w = 90,
    h = 60;
  const cases: [string, Box[], number, number, Box | undefined][] = [
    [
      'separate boxes',
      [
        [10, 10, 30, 20],
        [50, 35, 70, 50],
      ],
      6,
      2,
      undefined,
    ],
    [
      'boxes over the edges, a fractional radius',
      [
        [-3, 0, 12, 8],
        [80, 50, 95, 64],
      ],
      6,
      2.5,
      undefined,
    ],
    [
      'overlapping boxes in a region',
      [
        [20, 20, 40, 30],
        [30, 25, 60, 40],
      ],
      8,
      3,
      [15, 18, 55, 45],
    ],
    [
      'boxes whose crops cover more than the photo (whole-photo path)',
      [
        [0, 0, 90, 60],
        [5, 5, 85, 55],
      ],
      6,
      2,
      undefined,
    ],
  ];
  for (const [name, boxes, reach, radius, region] of cases)
    it(`grows the mask inside the zone exactly as a whole-photo dilation does: ${name}`, () => {
      for (const seed of [1, 2, 3]) {
        const mask = strokes(w, h, seed);
        const expected = confine(dilate(mask, radius), zoneMask(w, h, boxes, reach, region));
        const got = grownInZone(mask, radius, boxes, reach, region);
        expect(got.data.some((v) => v)).toBe(true);
        expect(Buffer.from(got.data).equals(Buffer.from(expected.data))).toBe(true);
      }
    });
});
