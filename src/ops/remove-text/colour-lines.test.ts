import { describe, expect, it } from 'vitest';
import { dilate } from '../../core/mask-ops.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { texturedImage } from '../../test-fixtures/test-images.ts';
import { estimatesFromPairs } from './unblend.ts';

const W = 200,
  H = 104;

/** Vertical 4 px bars, 4 px apart, with a cross bar, as a 0/255 mask. */
function letters(): Mask {
  const m: Mask = { width: W, height: H, data: new Uint8Array(W * H) };
  for (let y = 44; y < 60; y++) for (let x = 34; x < 166; x++) if ((x - 34) % 8 < 4 || (y >= 50 && y < 53)) m.data[y * W + x] = 255;
  return m;
}

/** `img` with `colour` laid over `text` at `opacity`. */
function overlay(img: RgbaImage, text: Mask, colour: number[], opacity: number): RgbaImage {
  const data = new Uint8ClampedArray(img.data);
  for (let i = 0; i < text.data.length; i++)
    if (text.data[i]) for (let c = 0; c < 3; c++) data[i * 4 + c] = Math.round((1 - opacity) * img.data[i * 4 + c] + opacity * colour[c]);
  return { ...img, data };
}

describe('the colour lines of a watermark', () => {
  const yellow = [250, 215, 10];
  const texted = overlay(texturedImage(W, H), letters(), yellow, 0.4);

  it('find its colour and opacity when the text mask spills past the letters', () => {
    // A mask 1 px too wide all round: its cores hold a rim of bare background.
    const { lines } = estimatesFromPairs(texted, dilate(letters(), 1), 0);
    expect(lines).not.toBeNull();
    expect(lines!.alpha).toBeGreaterThan(0.33);
    expect(lines!.alpha).toBeLessThan(0.47);
    for (let c = 0; c < 3; c++) expect(Math.abs(lines!.tint[c] / lines!.alpha - yellow[c])).toBeLessThan(24);
  });

  it('give no blend for opaque text', () => {
    const opaque = overlay(texturedImage(W, H), letters(), yellow, 1);
    expect(estimatesFromPairs(opaque, letters(), 0).lines).toBeNull();
  });
});
