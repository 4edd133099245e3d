// A faint white watermark in thick letters over a rough, grass-like texture: the text mask
// finds it only in patches (much of the texture under the letters has colours of the
// background around them), and what is left of the letters must not read as a ghost.
import { describe, expect, it } from 'vitest';
import { grassTexture } from '../../test-fixtures/grass-texture.ts';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';
import { removeTextWith } from './remove-text.ts';

const W = 240,
  H = 100;
const BOX: Box = [20, 28, 220, 72];
const STROKE = 9;

const grass = (): RgbaImage => grassTexture(W, H);

/** Block letters "HILT" with STROKE px strokes, 36 px tall, inside BOX. */
function letters(): Mask {
  const m: Mask = { width: W, height: H, data: new Uint8Array(W * H) };
  const rect = (x0: number, y0: number, x1: number, y1: number) => {
    for (let y = y0; y < y1; y++) m.data.fill(255, y * W + x0, y * W + x1);
  };
  const top = 32,
    bottom = 68,
    mid = 46;
  rect(30, top, 30 + STROKE, bottom);
  rect(62, top, 62 + STROKE, bottom);
  rect(30, mid, 71, mid + STROKE); // H
  rect(90, top, 90 + STROKE, bottom); // I
  rect(118, top, 118 + STROKE, bottom);
  rect(118, bottom - STROKE, 150, bottom); // L
  rect(168, top, 208, top + STROKE);
  rect(184, top, 184 + STROKE, bottom); // T
  return m;
}

function overlay(img: RgbaImage, text: Mask, opacity: number): RgbaImage {
  const data = new Uint8ClampedArray(img.data);
  for (let i = 0; i < text.data.length; i++) {
    if (text.data[i]) for (let c = 0; c < 3; c++) data[i * 4 + c] = Math.round((1 - opacity) * img.data[i * 4 + c] + opacity * 255);
  }
  return { ...img, data };
}

function luma(img: RgbaImage, i: number): number {
  return 0.299 * img.data[i * 4] + 0.587 * img.data[i * 4 + 1] + 0.114 * img.data[i * 4 + 2];
}

/**
 * How strongly the letters read in `img`: the mean luma step across their outlines (inside
 * minus the pixel 2 px outside, over every outline pixel) and the mean luma of their insides
 * over that of the rest of the box. A ghost keeps both; the clean photo has neither.
 */
function letterContrast(img: RgbaImage, text: Mask): { edge: number; inside: number } {
  let edge = 0,
    edges = 0,
    inSum = 0,
    inN = 0,
    outSum = 0,
    outN = 0;
  for (let y = BOX[1]; y < BOX[3]; y++)
    for (let x = BOX[0]; x < BOX[2]; x++) {
      const i = y * W + x;
      if (!text.data[i]) {
        outSum += luma(img, i);
        outN++;
        continue;
      }
      inSum += luma(img, i);
      inN++;
      for (const [dx, dy] of [
        [1, 0],
        [-1, 0],
        [0, 1],
        [0, -1],
      ]) {
        if (text.data[i + dy * W + dx]) continue;
        edge += luma(img, i) - luma(img, i + 2 * (dy * W + dx));
        edges++;
      }
    }
  return { edge: edge / edges, inside: inSum / inN - outSum / outN };
}

describe('a faint watermark on grass-like texture', () => {
  const clean = grass();
  const text = letters();
  const texted = overlay(clean, text, 0.38);

  it('leaves no readable ghost of the letters', async () => {
    const result = await removeTextWith(async () => [], texted, { boxes: [BOX], skipRecheck: true });
    const before = letterContrast(texted, text),
      truth = letterContrast(clean, text),
      after = letterContrast(result.image, text);
    // The watermark reads clearly in the input...
    expect(before.edge - truth.edge).toBeGreaterThan(30);
    expect(before.inside - truth.inside).toBeGreaterThan(30);
    // ...and hardly at all after: less than a tenth of it along the outlines and inside.
    expect(Math.abs(after.edge - truth.edge)).toBeLessThan((before.edge - truth.edge) / 10);
    expect(Math.abs(after.inside - truth.inside)).toBeLessThan((before.inside - truth.inside) / 10);
  });
});
