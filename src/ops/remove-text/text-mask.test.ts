import { describe, expect, it } from 'vitest';
import type { Box } from '../../core/types.ts';
import { dilate } from '../../core/mask-ops.ts';
import { TEXT_DILATE } from './remove-text.ts';
import { textMask } from './text-mask.ts';
import { texturedImage } from '../../test-fixtures/test-images.ts';

/** Paints "glyphs" (vertical bars 3 px wide, 4 px apart) of one colour inside a box. */
function paintText(img: ReturnType<typeof texturedImage>, box: Box, rgb: [number, number, number], alpha = 1) {
  const glyph = new Set<number>();
  for (let y = box[1] + 2; y < box[3] - 2; y++)
    for (let x = box[0] + 2; x < box[2] - 2; x++) {
      if ((x - box[0]) % 7 >= 3) continue;
      const i = (y * img.width + x) * 4;
      for (let c = 0; c < 3; c++) img.data[i + c] = Math.round(rgb[c] * alpha + img.data[i + c] * (1 - alpha));
      glyph.add(y * img.width + x);
    }
  return glyph;
}

describe('text mask from boxes', () => {
  it('takes the glyph pixels inside a box and leaves its textured background', () => {
    const img = texturedImage(200, 120);
    const box: Box = [40, 40, 160, 70];
    const glyph = paintText(img, box, [255, 255, 0]);
    const m = textMask(img, [box]);
    let hit = 0,
      extra = 0;
    for (let i = 0; i < m.data.length; i++) {
      if (glyph.has(i)) hit += m.data[i] ? 1 : 0;
      else if (m.data[i]) extra++;
    }
    expect(hit).toBe(glyph.size);
    expect(extra).toBeLessThan(0.05 * glyph.size);
    // nothing outside the box grown by the ring gap
    for (let y = 0; y < 120; y++)
      for (let x = 0; x < 200; x++) {
        if (x < 38 || x >= 162 || y < 38 || y >= 72) expect(m.data[y * 200 + x]).toBe(0);
      }
  });

  it('finds a semi-transparent watermark too', () => {
    const img = texturedImage(200, 120);
    const box: Box = [30, 30, 170, 60];
    const glyph = paintText(img, box, [255, 0, 0], 0.5);
    const m = textMask(img, [box]);
    let hit = 0;
    for (const i of glyph) if (m.data[i]) hit++;
    expect(hit / glyph.size).toBeGreaterThan(0.9);
  });

  it('clips to the region', () => {
    const img = texturedImage(200, 120);
    const box: Box = [40, 40, 160, 70];
    paintText(img, box, [255, 255, 0]);
    const m = textMask(img, [box], [0, 0, 100, 120]);
    for (let y = 0; y < 120; y++) for (let x = 100; x < 200; x++) expect(m.data[y * 200 + x]).toBe(0);
    expect(m.data.some((v) => v)).toBe(true);
  });

  it('with the fill dilation, covers a semi-transparent watermark and its soft edges, without taking the whole box', () => {
    const img = texturedImage(200, 120);
    const box: Box = [30, 40, 170, 70];
    // Semi-transparent white strokes 3 px wide, 9 px apart, each with a fainter 1 px edge
    // (anti-aliasing) on both sides.
    const glyph = new Set<number>(),
      edge = new Set<number>();
    for (let y = box[1] + 3; y < box[3] - 3; y++)
      for (let x = box[0] + 3; x < box[2] - 3; x++) {
        const k = (x - box[0]) % 9;
        if (k >= 1 && k <= 3) glyph.add(y * 200 + x);
        else if (k === 0 || k === 4) edge.add(y * 200 + x);
      }
    const blend = (i: number, a: number) => {
      for (let c = 0; c < 3; c++) img.data[i * 4 + c] = Math.round(255 * a + img.data[i * 4 + c] * (1 - a));
    };
    for (const i of glyph) blend(i, 0.3);
    for (const i of edge) blend(i, 0.15);
    const m = dilate(textMask(img, [box]), TEXT_DILATE);
    let hit = 0;
    for (const i of [...glyph, ...edge]) if (m.data[i]) hit++;
    expect(hit / (glyph.size + edge.size)).toBeGreaterThan(0.97);
    let inBox = 0;
    for (let y = box[1]; y < box[3]; y++) for (let x = box[0]; x < box[2]; x++) if (m.data[y * 200 + x]) inBox++;
    expect(inBox).toBeLessThan(0.95 * (box[2] - box[0]) * (box[3] - box[1]));
  });

  it('takes the whole box when nothing in it looks unlike its surroundings (text the colours cannot tell apart)', () => {
    const img = texturedImage(200, 120);
    const box: Box = [40, 40, 160, 70];
    const m = textMask(img, [box]);
    for (let y = box[1]; y < box[3]; y++) for (let x = box[0]; x < box[2]; x++) expect(m.data[y * 200 + x]).toBe(255);
    expect(m.data[10 * 200 + 10]).toBe(0);
  });
});
