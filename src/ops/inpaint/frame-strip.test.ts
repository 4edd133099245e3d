import { describe, expect, it } from 'vitest';
import { featherWeights } from '../../core/mask-ops.ts';
import type { Box, Mask } from '../../core/types.ts';
import { rectMask, texturedImage } from '../../test-fixtures/test-images.ts';
import { keepFrameStrip } from './frame-strip.ts';
import { inpaint } from './index.ts';

const W = 40,
  H = 30;

/** The grown hole as the compositor makes it, then the strip kept. */
function grownHole(mask: Mask, box: Box, dilate = 4): Mask {
  const w = featherWeights(mask, dilate, 0);
  const hole: Mask = { width: W, height: H, data: w.data.map((v) => (v === 255 ? 255 : 0)) };
  keepFrameStrip(hole, mask, box, W, H, dilate);
  return hole;
}

const column = (m: Mask, x: number) => Array.from({ length: H }, (_, y) => m.data[y * W + x]);

describe('the growth stops short of the frame', () => {
  it('keeps the strip between a stroke 2 px from the left frame and the frame', () => {
    const hole = grownHole(rectMask(W, H, [2, 5, 14, 25]), [0, 0, W, H]);
    // in the stroke's rows; past its ends the growth still rounds off onto the frame
    expect(
      column(hole, 0)
        .slice(5, 25)
        .every((v) => v === 0),
    ).toBe(true);
    expect(
      column(hole, 1)
        .slice(5, 25)
        .every((v) => v === 0),
    ).toBe(true);
    expect(hole.data[15 * W + 2]).toBe(255);
    // the other sides still grow: right of the stroke, and above and below it
    expect(hole.data[15 * W + 17]).toBe(255);
    expect(hole.data[2 * W + 8]).toBe(255);
  });

  it('grows as before where the crop side is not the frame, the mask touches the frame, or the strip is wider than the growth', () => {
    const inner = grownHole(rectMask(W, H, [2, 5, 14, 25]), [10, 0, 10 + W, H]);
    expect(
      column(inner, 0)
        .slice(5, 25)
        .every((v) => v === 255),
    ).toBe(true);
    const touching = grownHole(rectMask(W, H, [0, 5, 14, 25]), [0, 0, W, H]);
    expect(
      column(touching, 0)
        .slice(5, 25)
        .every((v) => v === 255),
    ).toBe(true);
    const wide = grownHole(rectMask(W, H, [6, 5, 14, 25]), [0, 0, W, H]);
    expect(
      column(wide, 2)
        .slice(5, 25)
        .every((v) => v === 255),
    ).toBe(true);
    expect(column(wide, 1).every((v) => v === 0)).toBe(true);
  });

  it('leaves the strip byte-identical in the filled photo', async () => {
    const photo = texturedImage(W * 3, H * 3);
    const mask = rectMask(W * 3, H * 3, [3, 20, 15, 70]);
    const { image } = await inpaint(photo, mask);
    for (let y = 20; y < 70; y++)
      for (let x = 0; x < 3; x++)
        for (let c = 0; c < 4; c++) expect(image.data[(y * W * 3 + x) * 4 + c]).toBe(photo.data[(y * W * 3 + x) * 4 + c]);
    let changed = 0;
    for (let i = 0; i < mask.data.length; i++) if (mask.data[i] && image.data[i * 4] !== photo.data[i * 4]) changed++;
    expect(changed).toBeGreaterThan(0);
  });
});
