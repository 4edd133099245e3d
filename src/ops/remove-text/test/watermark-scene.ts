// Helpers of the watermark tests: the "@studio.north" line the two-photo scenes carry, a
// captioned photo's one text box as a detector gives it, the removal of the text in given
// boxes, and the letters a caption drew, to measure a removal in.
import { dilate } from '../../../core/mask-ops.ts';
import type { Box, Mask, RgbaImage } from '../../../core/types.ts';
import { removeTextWith, type RemoveTextResult } from '../remove-text.ts';

/** The size of the two-photo watermark scenes (test-fixtures/two-photo-scene.ts). */
export const SCENE_WIDTH = 480;
export const SCENE_HEIGHT = 120;

/** A bold "@studio.north" across a scene, in `fill` at `opacity` (a caption list for the scene). */
export function studioWatermark(fill: string, opacity: number) {
  return [{ text: '@studio.north', x: 40, y: 75, size: 52, font: 'Open Sans', weight: 'bold' as const, fill, opacity }];
}

/** Remove text on `boxes` as given (no detector), without the check after the fill. */
export function removeInBoxes(texted: RgbaImage, boxes: Box[]): Promise<RemoveTextResult> {
  return removeTextWith(() => Promise.reject(new Error('boxes are given')), texted, { boxes, skipRecheck: true });
}

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
