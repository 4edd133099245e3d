import { describe, expect, it } from 'vitest';
import type { Box, RgbaImage } from '../../core/types.ts';
import { textMask } from './text-mask.ts';
import { throughBands } from './through-bands.ts';

const W = 320,
  H = 120;

/**
 * A dark field with a guard rail across the whole width: a band 14 px high, light grey-blue
 * shading to darker at its edges, sloping down 6 px from left to right (in perspective).
 */
function railScene(): RgbaImage {
  const data = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const top = 50 + (6 * x) / W;
      const v = y - top;
      const i = (y * W + x) * 4;
      const rail = v >= 0 && v < 14 ? 1 - Math.abs(v - 7) / 9 : 0;
      data[i] = 32 + 110 * rail;
      data[i + 1] = 32 + 125 * rail;
      data[i + 2] = 36 + 150 * rail;
      data[i + 3] = 255;
    }
  return { width: W, height: H, data };
}

/** Bars 3 px wide, 4 px apart, of one colour over the box less a 2 px margin; their pixels. */
function bars(img: RgbaImage, box: Box, rgb: readonly number[]): Set<number> {
  const glyph = new Set<number>();
  for (let y = box[1] + 2; y < box[3] - 2; y++)
    for (let x = box[0] + 2; x < box[2] - 2; x++) {
      if ((x - box[0]) % 7 >= 3) continue;
      const i = (y * W + x) * 4;
      for (let c = 0; c < 3; c++) img.data[i + c] = rgb[c];
      glyph.add(y * W + x);
    }
  return glyph;
}

/** The pixels of the rail inside `box`: brighter than the field by more than 20 levels, not text. */
function railPixels(img: RgbaImage, box: Box, glyph: Set<number>): number[] {
  const out: number[] = [];
  for (let y = box[1]; y < box[3]; y++)
    for (let x = box[0]; x < box[2]; x++) if (!glyph.has(y * W + x) && img.data[(y * W + x) * 4 + 2] > 56) out.push(y * W + x);
  return out;
}

describe('background running through a line of text', () => {
  it('keeps a sloping rail that runs through a red caption out of the text mask, and takes the letters', () => {
    const img = railScene();
    const box: Box = [40, 44, 280, 70];
    const glyph = bars(img, box, [225, 30, 40]);
    const mask = textMask(img, [box]);
    const rail = railPixels(img, box, glyph);
    expect(rail.length).toBeGreaterThan(1000);
    const railTaken = rail.filter((i) => mask.data[i]).length;
    // Only the rail's pixels beside the letters' edges go (the fill's anti-aliasing margin).
    expect(railTaken / rail.length).toBeLessThan(0.1);
    expect([...glyph].filter((i) => mask.data[i]).length).toBe(glyph.size);
  });

  it('flags the band pixels, not a dark caption a little darker than the field around it', () => {
    const img = railScene();
    const box: Box = [40, 44, 280, 70];
    const glyph = bars(img, box, [16, 16, 16]); // the field is (32, 32, 36): hardly brighter
    const inner: Box = [38, 42, 282, 72],
      outer: Box = [32, 36, 288, 78];
    const through = throughBands(img, inner, outer);
    const iw = inner[2] - inner[0];
    const at = (i: number) => (Math.floor(i / W) - inner[1]) * iw + (i % W) - inner[0];
    expect([...glyph].filter((i) => through[at(i)]).length).toBe(0);
    const rail = railPixels(img, box, glyph);
    expect(rail.filter((i) => through[at(i)]).length / rail.length).toBeGreaterThan(0.9);
  });

  it('finds no band where the ring has no piece past an end (a box at the photo edge)', () => {
    const img = railScene();
    const inner: Box = [0, 42, 200, 72],
      outer: Box = [0, 36, 206, 78];
    expect(throughBands(img, inner, outer).some((v) => v)).toBe(false);
  });

  it('finds no band where the two ends show different things (texture on one side)', () => {
    const img = railScene();
    // Noise over the right end piece: no smooth rows there, so nothing runs through.
    for (let y = 36; y < 78; y++)
      for (let x = 282; x < 288; x++) for (let c = 0; c < 3; c++) img.data[(y * W + x) * 4 + c] = ((x * 53 + y * 97 + c * 31) % 7) * 36;
    const inner: Box = [38, 42, 282, 72],
      outer: Box = [32, 36, 288, 78];
    expect(throughBands(img, inner, outer).some((v) => v)).toBe(false);
  });
});
