import { describe, expect, it } from 'vitest';
import { devHoleCase } from '../../test-fixtures/dev-holes.ts';
import { dilate } from '../../core/mask-ops.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { rectMask } from '../../test-fixtures/test-images.ts';
import { inpaint } from './index.ts';
import { findLines } from './lines.ts';

type Rgb = [number, number, number];

/**
 * A flat graphic with one anti-aliased straight band (`half` px either side of the line
 * through the centre at `angle` radians from the x axis), and its signed distance function.
 */
function bandGraphic(w: number, h: number, angle: number, half: number, paper: Rgb, ink: Rgb) {
  const nx = -Math.sin(angle),
    ny = Math.cos(angle);
  const dist = (x: number, y: number) => (x + 0.5 - w / 2) * nx + (y + 0.5 - h / 2) * ny;
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const cover = Math.max(0, Math.min(1, half + 0.5 - Math.abs(dist(x, y))));
      for (let c = 0; c < 3; c++) data[(y * w + x) * 4 + c] = Math.round(paper[c] + (ink[c] - paper[c]) * cover);
      data[(y * w + x) * 4 + 3] = 255;
    }
  return { image: { width: w, height: h, data } as RgbaImage, dist };
}

/** The photo with its hole painted white, as a user's input would hold anything there. */
function whiteOut(img: RgbaImage, hole: Mask): RgbaImage {
  const data = new Uint8ClampedArray(img.data);
  for (let i = 0; i < hole.data.length; i++) if (hole.data[i]) data.set([255, 255, 255, 255], i * 4);
  return { width: img.width, height: img.height, data };
}

/** Share of the hole's pixels selected by `where` whose colour is within `tol` of `rgb` in every channel. */
function shareNear(img: RgbaImage, hole: Mask, where: (x: number, y: number) => boolean, rgb: Rgb, tol: number): number {
  let n = 0,
    ok = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const i = y * img.width + x;
      if (!hole.data[i] || !where(x, y)) continue;
      n++;
      if ([0, 1, 2].every((c) => Math.abs(img.data[i * 4 + c] - rgb[c]) <= tol)) ok++;
    }
  return n ? ok / n : NaN;
}

describe('straight lines continue through the hole', () => {
  const paper: Rgb = [250, 248, 240],
    ink: Rgb = [30, 40, 90];

  it('carries a 24 px band across a large hole in a graphic, in the band colour, with paper around it', async () => {
    const w = 960,
      h = 720;
    const { image, dist } = bandGraphic(w, h, 0.17, 12, paper, ink);
    const hole = rectMask(w, h, [300, 240, 660, 480]);
    const { image: out } = await inpaint(whiteOut(image, hole), hole);
    // along the line inside the hole: the band's colour; beside it: the paper's
    expect(shareNear(out, hole, (x, y) => Math.abs(dist(x, y)) < 10, ink, 16)).toBeGreaterThan(0.98);
    expect(shareNear(out, hole, (x, y) => Math.abs(dist(x, y)) > 16, paper, 16)).toBeGreaterThan(0.98);
  });

  it('continues a straight edge between two colours (a horizon) through the hole', async () => {
    const w = 640,
      h = 480;
    const sky: Rgb = [120, 160, 220],
      sea: Rgb = [20, 70, 90];
    // sky above a straight edge through the centre, tilted by 3 degrees, sea below
    const { image: shifted, dist: edge } = bandGraphic(w, h, -0.05, 0, sky, sky);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const t = Math.max(0, Math.min(1, 0.5 + edge(x, y)));
        for (let c = 0; c < 3; c++) shifted.data[(y * w + x) * 4 + c] = Math.round(sky[c] + (sea[c] - sky[c]) * t);
      }
    const hole = rectMask(w, h, [200, 160, 440, 320]);
    const lines = findLines(whiteOut(shifted, dilate(hole, 4)), dilate(hole, 4));
    expect(lines).toHaveLength(1);
    const { image: out } = await inpaint(whiteOut(shifted, hole), hole);
    expect(shareNear(out, hole, (x, y) => edge(x, y) < -3 && edge(x, y) > -12, sky, 16)).toBeGreaterThan(0.95);
    expect(shareNear(out, hole, (x, y) => edge(x, y) > 3 && edge(x, y) < 12, sea, 16)).toBeGreaterThan(0.95);
  });

  it('draws nothing where edges do not line up across the hole', () => {
    // a dark band that steps 30 px down inside the hole: its two halves are not one line
    const w = 640,
      h = 480;
    const img: RgbaImage = { width: w, height: h, data: new Uint8ClampedArray(w * h * 4) };
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const y0 = x < w / 2 ? 200 : 230;
        img.data.set(y >= y0 && y < y0 + 24 ? [30, 40, 90, 255] : [250, 248, 240, 255], (y * w + x) * 4);
      }
    const hole = rectMask(w, h, [220, 120, 420, 360]);
    expect(findLines(whiteOut(img, hole), hole)).toEqual([]);
    // and an edge that ends inside the hole (a corner of a dark square) continues nowhere
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) img.data.set(x < 320 && y > 240 ? [30, 40, 90, 255] : [250, 248, 240, 255], (y * w + x) * 4);
    expect(findLines(whiteOut(img, hole), hole)).toEqual([]);
  });

  it('finds no line in photos of a cat and of grass', async () => {
    for (const name of ['chelsea', 'grass']) {
      const { image, mask } = await devHoleCase(name);
      const hole = dilate(mask, 4);
      expect(findLines(image, hole), name).toEqual([]);
    }
  });
});
