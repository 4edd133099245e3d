// Thin letter-shaped holes over a rough, grass-like texture: the text fill must come closer
// to the hidden texture than a full copy of the layered fill's grain, and still show grain
// (not the smooth smudge a diffusion fill leaves). A line of text across the straight edges
// of a white body on a dusk sky (the rocket photo): the edges continue through the letters.
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

/** How remove-text calls the fill: the mask is grown already; its own thin-hole and flat-ring rules. */
const TEXT_OPTIONS = { dilate: 0, thinHoleRadius: TEXT_THIN_RADIUS, flatRingGradient: TEXT_FLAT_RING_GRADIENT };

/** `clean` with the pixels of `hole` painted in a caption's yellow. */
function lettered(clean: RgbaImage, hole: Mask): RgbaImage {
  const photo: RgbaImage = { ...clean, data: new Uint8ClampedArray(clean.data) };
  for (let i = 0; i < hole.data.length; i++) if (hole.data[i]) photo.data.set([250, 220, 0], i * 4);
  return photo;
}

describe('the text fill on textured surroundings', () => {
  it('is closer to the hidden texture than the full copied grain, and keeps grain', async () => {
    const clean = grass();
    const hole = letters();
    const photo = lettered(clean, hole);
    const text = await fillText(photo, hole, TEXT_OPTIONS, {});
    expect(text.runs.map((r) => r.engine)).toEqual(['layered']);
    const copied = await inpaint(photo, hole, { ...TEXT_OPTIONS, engine: 'layered' });
    const smooth = await inpaint(photo, hole, { ...TEXT_OPTIONS, engine: 'diffusion' });
    expect(squaredError(text.image, clean, hole)).toBeLessThan(0.9 * squaredError(copied.image, clean, hole));
    expect(grain(text.image, hole)).toBeGreaterThan(1.3 * grain(smooth.image, hole));
    // Only the hole changed.
    for (let i = 0; i < hole.data.length; i++)
      if (!hole.data[i]) expect(text.image.data.subarray(i * 4, i * 4 + 4)).toEqual(photo.data.subarray(i * 4, i * 4 + 4));
  });
});

/** A white body (x 83..112, shaded) on a dusk sky with a little sensor noise, edges anti-aliased. */
const BODY = [83, 113];
function rocket(): RgbaImage {
  const w = 200,
    h = 90;
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const noise = ((Math.imul(x * 7919 + y * 104729, 2654435761) >>> 24) % 7) - 3;
      const body = Math.min(1, Math.max(0, x - BODY[0] + 0.5)) * Math.min(1, Math.max(0, BODY[1] - 0.5 - x));
      const sky = [40 + y / 6, 60 + y / 5, 120 + y / 4];
      const white = [235 - (x - BODY[0]) * 1.5, 232 - (x - BODY[0]) * 1.5, 220 - (x - BODY[0]) * 1.5];
      for (let c = 0; c < 3; c++) data[(y * w + x) * 4 + c] = sky[c] + body * (white[c] - sky[c]) + noise;
      data[(y * w + x) * 4 + 3] = 255;
    }
  return { width: w, height: h, data };
}

/** A line of letters in rows 36..53: 3 px stems 12 px apart with bowls, one stem over the body's left edge. */
function textLine(w: number, h: number): Mask {
  const m: Mask = { width: w, height: h, data: new Uint8Array(w * h) };
  for (let y = 36; y < 54; y++)
    for (let x = 10; x < 190; x++) {
      const p = (x - 10) % 12;
      if (p < 3 || (p < 8 && (y < 39 || (y >= 44 && y < 47) || y >= 51))) m.data[y * w + x] = 255;
    }
  return m;
}

/** Mean |error| (RGB levels) over the hole pixels within 4 px of column `edge`. */
function edgeError(img: RgbaImage, clean: RgbaImage, hole: Mask, edge: number): number {
  let s = 0,
    n = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = edge - 4; x < edge + 4; x++) {
      const i = y * img.width + x;
      if (!hole.data[i]) continue;
      for (let c = 0; c < 3; c++) s += Math.abs(img.data[i * 4 + c] - clean.data[i * 4 + c]);
      n += 3;
    }
  return s / n;
}

/**
 * Per row through the letters, how many of the 8 pixels from x0 on lie between a quarter and
 * three quarters of the way from one side's red to the other's (as row 30, above the text,
 * has them): the width of the edge, 1 where it is sharp.
 */
function edgeWidths(img: RgbaImage, clean: RgbaImage, hole: Mask, x0: number): number[] {
  const w = img.width;
  const [a, b] = [clean.data[(30 * w + x0) * 4], clean.data[(30 * w + x0 + 7) * 4]];
  const [lo, hi] = [Math.min(a, b) + Math.abs(b - a) / 4, Math.max(a, b) - Math.abs(b - a) / 4];
  const widths: number[] = [];
  for (let y = 0; y < img.height; y++) {
    let inHole = false,
      n = 0;
    for (let x = x0; x < x0 + 8; x++) {
      if (hole.data[y * w + x]) inHole = true;
      const r = img.data[(y * w + x) * 4];
      if (r > lo && r < hi) n++;
    }
    if (inHole) widths.push(n);
  }
  return widths;
}

describe('the text fill across structure', () => {
  it('continues the straight edges a line of text crosses, where diffusion blurs them', async () => {
    const clean = rocket();
    const hole = textLine(clean.width, clean.height);
    const photo = lettered(clean, hole);
    const text = await fillText(photo, hole, TEXT_OPTIONS, {});
    expect(text.runs.map((r) => r.engine)).toEqual(['transport']);
    const smooth = await inpaint(photo, hole, { ...TEXT_OPTIONS, engine: 'diffusion' });
    // Both edges: the one a stem runs along and the one the bowls cross.
    for (const edge of BODY) {
      expect(edgeError(text.image, clean, hole, edge)).toBeLessThan(8);
      expect(edgeError(smooth.image, clean, hole, edge)).toBeGreaterThan(10);
    }
    // In every row through the letters both edges are as sharp as in the clean photo
    // (one pixel between the quarter levels); diffusion's are wider.
    const total = (widths: number[]) => widths.reduce((sum, v) => sum + v, 0);
    for (const edge of BODY) {
      const truth = edgeWidths(clean, clean, hole, edge - 4);
      expect(truth.length).toBeGreaterThan(5);
      expect(edgeWidths(text.image, clean, hole, edge - 4)).toEqual(truth);
      expect(total(edgeWidths(smooth.image, clean, hole, edge - 4))).toBeGreaterThan(total(truth));
    }
    // Only the hole changed.
    for (let i = 0; i < hole.data.length; i++)
      if (!hole.data[i]) expect(text.image.data.subarray(i * 4, i * 4 + 4)).toEqual(photo.data.subarray(i * 4, i * 4 + 4));
  });
});
