import { describe, expect, it } from 'vitest';
import type { Box, RgbaImage } from '../../core/types.ts';
import { textMask } from './text-mask.ts';

/**
 * Foliage-like noise with dark gaps (so the shadow's colours are common around the text too),
 * yellow bars (glyph strokes) and their dark shadow 3 px down and right.
 */
function shadowed(): { img: RgbaImage; glyph: (x: number, y: number) => boolean; box: Box } {
  const w = 200,
    h = 80;
  const glyph = (x: number, y: number) => y >= 30 && y < 50 && x >= 40 && x < 160 && (x - 40) % 12 < 5;
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const n = (Math.imul((x * 73856093) ^ (y * 19349663), 83492791) >>> 24) % 60;
      let rgb = [60 + n, 110 + n, 40 + (n >> 1)];
      if (((x >> 1) + (y >> 1) * 3) % 4 === 0) rgb = rgb.map((v) => v * 0.25);
      if (glyph(x - 3, y - 3)) rgb = rgb.map((v) => v * 0.25);
      if (glyph(x, y)) rgb = [255, 220, 60];
      data.set([...rgb, 255], i);
    }
  return { img: { width: w, height: h, data }, glyph, box: [36, 26, 168, 56] };
}

describe('text mask of shadowed text', () => {
  it('takes the drop shadow with the glyphs, and not the side where no shadow falls', () => {
    const { img, glyph, box } = shadowed();
    const m = textMask(img, [box]);
    let shadow = 0,
      covered = 0,
      opposite = 0,
      taken = 0;
    for (let y = 0; y < img.height; y++)
      for (let x = 0; x < img.width; x++) {
        if (glyph(x, y)) continue;
        if (glyph(x - 3, y - 3)) {
          shadow++;
          if (m.data[y * img.width + x]) covered++;
        } else if (glyph(x + 3, y + 3) && !glyph(x - 3, y - 3)) {
          opposite++;
          if (m.data[y * img.width + x]) taken++;
        }
      }
    expect(covered / shadow).toBeGreaterThan(0.9);
    expect(taken / opposite).toBeLessThan(0.5);
  });
});
