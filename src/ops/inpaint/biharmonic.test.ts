import { describe, expect, it } from 'vitest';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { biharmonicFill } from './biharmonic.ts';
import { diffusionFill } from './diffusion.ts';
import { builtinFor, THIN_HOLE_RADIUS } from './index.ts';

/** An out-of-focus background: two soft colour blobs on a vignetted gradient. */
function bokeh(w: number, h: number): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const a = Math.exp(-(((x - 70) / 45) ** 2 + ((y - 60) / 40) ** 2));
      const b = Math.exp(-(((x - 150) / 50) ** 2 + ((y - 110) / 45) ** 2));
      const base = 60 + (40 * x) / w;
      data.set([base + 150 * a + 20 * b, base + 60 * a + 120 * b, 90 + 30 * a + 100 * b, 255], (y * w + x) * 4);
    }
  return { width: w, height: h, data };
}

/** A scribbled wire, about 16 px thick once grown, as the compositor hands it over. */
function wire(w: number, h: number): Mask {
  const m: Mask = { width: w, height: h, data: new Uint8Array(w * h) };
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const cy = 80 + 30 * Math.sin(x / 25);
      if (x > 20 && x < w - 20 && Math.abs(y - cy) <= 8) m.data[y * w + x] = 255;
    }
  return m;
}

function rmsInHole(a: RgbaImage, b: RgbaImage, hole: Mask): number {
  let s = 0,
    n = 0;
  for (let i = 0; i < hole.data.length; i++) {
    if (hole.data[i] < 128) continue;
    for (let c = 0; c < 3; c++) s += (a.data[i * 4 + c] - b.data[i * 4 + c]) ** 2;
    n += 3;
  }
  return Math.sqrt(s / n);
}

describe('biharmonic fill', () => {
  const truth = bokeh(220, 170);
  const hole = wire(220, 170);
  const input: RgbaImage = { ...truth, data: truth.data.map((v, i) => (hole.data[i >> 2] && (i & 3) < 3 ? 255 : v)) };

  it('continues soft shading across a wire with its slope, closer than diffusion', () => {
    const ours = biharmonicFill(input, hole);
    const diffused = diffusionFill(input, hole);
    const err = rmsInHole(ours, truth, hole);
    // The blobs' shading is smooth: a fill that keeps slopes is within a grey level or two.
    expect(err).toBeLessThan(2);
    expect(err).toBeLessThan(rmsInHole(diffused, truth, hole) / 2);
  });

  it('leaves every pixel outside the hole as it was and gives the same bytes twice', () => {
    const a = biharmonicFill(input, hole);
    const b = biharmonicFill(input, hole);
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    let changedOutside = 0;
    for (let i = 0; i < hole.data.length; i++)
      if (!hole.data[i]) for (let c = 0; c < 4; c++) if (a.data[i * 4 + c] !== input.data[i * 4 + c]) changedOutside++;
    expect(changedOutside).toBe(0);
  });

  it('is what the built-in engine picks for a wire on a soft background, not across fine detail', () => {
    const choose = builtinFor(THIN_HOLE_RADIUS);
    expect(choose(hole, input).id).toBe('biharmonic');
    // The same wire across fine bright filaments (one every 4 px): PatchMatch continues them.
    const filaments: RgbaImage = { ...input, data: new Uint8ClampedArray(input.data) };
    for (let y = 0; y < 170; y++)
      for (let x = 0; x < 220; x += 4) if (!hole.data[y * 220 + x]) filaments.data.set([250, 250, 240], (y * 220 + x) * 4);
    expect(choose(hole, filaments).id).toBe('patchmatch');
  });
});
