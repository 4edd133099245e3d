// Helpers of the watermark tests: a captioned photo's one text box as a detector gives it,
// and the letters a caption drew, to measure a removal in.
import { dilate } from '../../../core/mask-ops.ts';
import type { Box, Mask, RgbaImage } from '../../../core/types.ts';

/** `ink` grown by the few pixels a detector's box holds around the letters. */
export function detectorBox(ink: Box): Box {
  const [x0, y0, x1, y1] = ink;
  return [x0 - 3, y0 - 3, x1 + 3, y1 + 3];
}

/**
 * The letters: pixels that differ between `texted` and `clean` (in columns x0 .. x1 - 1, all
 * by default), grown over their anti-aliased edges.
 */
export function drawnLetters(texted: RgbaImage, clean: RgbaImage, x0 = 0, x1 = texted.width): Mask {
  const { width: w, height: h } = texted;
  const m: Mask = { width: w, height: h, data: new Uint8Array(w * h) };
  for (let i = 0; i < m.data.length; i++) {
    const x = i % w;
    if (x >= x0 && x < x1 && texted.data.slice(i * 4, i * 4 + 3).some((v, c) => v !== clean.data[i * 4 + c])) m.data[i] = 255;
  }
  return dilate(m, 1);
}
