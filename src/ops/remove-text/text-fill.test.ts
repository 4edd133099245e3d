// Thin letter-shaped holes over a rough, grass-like texture: the text fill must come closer
// to the hidden texture than a full copy of the layered fill's grain, and still show grain
// (not the smooth smudge a diffusion fill leaves).
import { describe, expect, it } from 'vitest';
import { grassTexture } from '../../test-fixtures/grass-texture.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { inpaint } from '../inpaint/index.ts';
import { fillText } from './text-fill.ts';
import { TEXT_FLAT_RING_GRADIENT, TEXT_THIN_RADIUS } from './remove-text.ts';

const W = 240,
  H = 100;

const grass = (): RgbaImage => grassTexture(W, H);

/** Strokes of a line of text: 5 px bars 7 px apart with a cross bar, in rows 30..70. */
function letters(): Mask {
  const m: Mask = { width: W, height: H, data: new Uint8Array(W * H) };
  for (let y = 30; y < 70; y++) for (let x = 20; x < 220; x++) if ((x - 20) % 12 < 5 || (y >= 48 && y < 53)) m.data[y * W + x] = 255;
  return m;
}

function squaredError(a: RgbaImage, b: RgbaImage, where: Mask): number {
  let s = 0;
  for (let i = 0; i < where.data.length; i++)
    if (where.data[i]) for (let c = 0; c < 3; c++) s += (a.data[i * 4 + c] - b.data[i * 4 + c]) ** 2;
  return s;
}

/** Mean |dx| + |dy| of the green channel over `where`. */
function grain(img: RgbaImage, where: Mask): number {
  let s = 0,
    n = 0;
  for (let i = 0; i < where.data.length; i++) {
    if (!where.data[i] || i % W === W - 1 || i + W >= W * H) continue;
    const g = img.data[i * 4 + 1];
    s += Math.abs(img.data[(i + 1) * 4 + 1] - g) + Math.abs(img.data[(i + W) * 4 + 1] - g);
    n++;
  }
  return s / n;
}

describe('the text fill on textured surroundings', () => {
  it('is closer to the hidden texture than the full copied grain, and keeps grain', async () => {
    const clean = grass();
    const hole = letters();
    const photo: RgbaImage = { ...clean, data: new Uint8ClampedArray(clean.data) };
    for (let i = 0; i < hole.data.length; i++) if (hole.data[i]) photo.data.set([250, 220, 0], i * 4);
    const options = { dilate: 0, thinHoleRadius: TEXT_THIN_RADIUS, flatRingGradient: TEXT_FLAT_RING_GRADIENT };
    const text = await fillText(photo, hole, options, {});
    expect(text.runs.map((r) => r.engine)).toEqual(['layered']);
    const copied = await inpaint(photo, hole, { ...options, engine: 'layered' });
    const smooth = await inpaint(photo, hole, { ...options, engine: 'diffusion' });
    expect(squaredError(text.image, clean, hole)).toBeLessThan(0.9 * squaredError(copied.image, clean, hole));
    expect(grain(text.image, hole)).toBeGreaterThan(1.3 * grain(smooth.image, hole));
    // Only the hole changed.
    for (let i = 0; i < hole.data.length; i++)
      if (!hole.data[i]) expect(text.image.data.subarray(i * 4, i * 4 + 4)).toEqual(photo.data.subarray(i * 4, i * 4 + 4));
  });
});
