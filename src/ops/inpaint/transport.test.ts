import { describe, expect, it } from 'vitest';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { diffusionFill } from './diffusion.ts';
import { builtinFor, THIN_HOLE_RADIUS } from './index.ts';
import { transportFill } from './transport.ts';

/** Stripes of two colours, 14 px wide, slanted: the seams and stripes a stroke crosses. */
const SLOPE = 0.6;
const PERIOD = 28;
function slantedStripes(w: number, h: number, period = PERIOD): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const dark = Math.floor((x + SLOPE * y) / (period / 2)) % 2 === 0;
      data.set(dark ? [60, 40, 150, 255] : [220, 140, 60, 255], (y * w + x) * 4);
    }
  return { width: w, height: h, data };
}

/** Distance (px, along x) from (x, y) to the nearest stripe boundary. */
function toBoundary(x: number, y: number): number {
  const t = (x + SLOPE * y) % (PERIOD / 2);
  return Math.min(t, PERIOD / 2 - t);
}

/** A horizontal stroke `thick` px tall across the middle, as the compositor hands it over (grown). */
function stroke(w: number, h: number, thick: number): Mask {
  const m: Mask = { width: w, height: h, data: new Uint8Array(w * h) };
  const y0 = Math.floor((h - thick) / 2);
  for (let y = y0; y < y0 + thick; y++) for (let x = 16; x < w - 16; x++) m.data[y * w + x] = 255;
  return m;
}

/** Share of hole pixels more than 2 px from a stripe boundary whose colour is not its stripe's (off by > 24 levels). */
function wrongStripe(out: RgbaImage, truth: RgbaImage, hole: Mask): number {
  let wrong = 0,
    n = 0;
  for (let y = 0; y < out.height; y++)
    for (let x = 0; x < out.width; x++) {
      const i = y * out.width + x;
      if (hole.data[i] < 128 || toBoundary(x, y) <= 2) continue;
      n++;
      let off = 0;
      for (let c = 0; c < 3; c++) off = Math.max(off, Math.abs(out.data[i * 4 + c] - truth.data[i * 4 + c]));
      if (off > 24) wrong++;
    }
  return wrong / n;
}

describe('coherence transport fill', () => {
  const w = 160,
    h = 96;
  const truth = slantedStripes(w, h);
  const hole = stroke(w, h, 20);
  const input: RgbaImage = { width: w, height: h, data: new Uint8ClampedArray(truth.data) };
  for (let i = 0; i < hole.data.length; i++) if (hole.data[i]) input.data.set([255, 255, 255, 255], i * 4);

  it('carries slanted stripes straight across a 20 px stroke, where diffusion blurs them', () => {
    const out = transportFill(input, hole);
    expect(wrongStripe(out, truth, hole)).toBeLessThan(0.05);
    // The same check fails for the harmonic fill: the stripes melt into their mean in the middle.
    expect(wrongStripe(diffusionFill(input, hole), truth, hole)).toBeGreaterThan(0.3);
  });

  it('relaxed along the isophotes, as text holes are, still carries the stripes across a thin hole', () => {
    const thin = stroke(w, h, 6);
    const thinInput: RgbaImage = { width: w, height: h, data: new Uint8ClampedArray(truth.data) };
    for (let i = 0; i < thin.data.length; i++) if (thin.data[i]) thinInput.data.set([255, 255, 255, 255], i * 4);
    const relaxed = transportFill(thinInput, thin, { relaxSweeps: 20, tensorReach: 5 });
    expect(wrongStripe(relaxed, truth, thin)).toBeLessThan(0.02);
    expect(wrongStripe(diffusionFill(thinInput, thin), truth, thin)).toBeGreaterThan(0.1);
  });

  it('changes only the hole, keeps alpha, and gives the same bytes every run', () => {
    const a = transportFill(input, hole);
    const b = transportFill(input, hole);
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    let wrong = 0;
    for (let i = 0; i < hole.data.length; i++) {
      if (hole.data[i]) wrong += a.data[i * 4 + 3] === 255 ? 0 : 1;
      else for (let c = 0; c < 4; c++) wrong += a.data[i * 4 + c] === input.data[i * 4 + c] ? 0 : 1;
    }
    expect(wrong).toBe(0);
  });
});

describe('built-in choice for strokes', () => {
  it('sends a stroke over structured surroundings to coherence transport, and a thick blob to PatchMatch', () => {
    const choose = builtinFor(THIN_HOLE_RADIUS);
    // Fine stripes: edges along a quarter of the ring, far from flat.
    const photo = slantedStripes(160, 96, 8);
    expect(choose(stroke(160, 96, 20), photo).id).toBe('transport');
    const blob: Mask = { width: 160, height: 96, data: new Uint8Array(160 * 96) };
    for (let y = 10; y < 86; y++) for (let x = 40; x < 120; x++) blob.data[y * 160 + x] = 255;
    expect(choose(blob, photo).id).toBe('patchmatch');
  });
});
