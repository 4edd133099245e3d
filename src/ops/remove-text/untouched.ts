// Text boxes the removal left as they were. The text mask takes only what tells the text
// apart from its background (text-mask.ts); where nothing does, the box's mask is empty and
// its text stays exactly as it was, while the check after the fill, which reads crops for
// text a fill left, may read nothing there. Seen on the wider set's aqua-full, in an
// experiment whose detection found "proof copy" (thin white letters at 50% over a water
// drop's bright, structured surface): the mask held none of it, no pixel of the box changed,
// and the check reported nothing. An operator's box drawn over no text is left as it was too.
// A box that was taken as text and kept its pixels is reported, so that a person looks at it.
import type { Box, RgbaImage, ScoredBox } from '../../core/types.ts';
import { coveredFraction } from '../detect-text/coverage.ts';

/**
 * A box with less than this share of its pixels changed was left as it was: lettering covers
 * a quarter to a half of a line's box, a light font's strokes a twentieth, and the fill's
 * dilation grows either well past this.
 */
export const UNTOUCHED_SHARE = 0.02;

/** A leftover already reported that covers this share of a box reports that box. */
const REPORTED = 0.5;

/** The share of `box`'s pixels whose colour differs between `before` and `after`. */
export function changedShare(before: RgbaImage, after: RgbaImage, box: Box): number {
  const w = before.width;
  const x0 = Math.max(0, Math.floor(box[0])),
    y0 = Math.max(0, Math.floor(box[1]));
  const x1 = Math.min(w, Math.ceil(box[2])),
    y1 = Math.min(before.height, Math.ceil(box[3]));
  if (x1 <= x0 || y1 <= y0) return 1;
  const a = before.data,
    b = after.data;
  let n = 0;
  for (let y = y0; y < y1; y++)
    for (let p = (y * w + x0) * 4, end = (y * w + x1) * 4; p < end; p += 4)
      if (a[p] !== b[p] || a[p + 1] !== b[p + 1] || a[p + 2] !== b[p + 2]) n++;
  return n / ((x1 - x0) * (y1 - y0));
}

/** The boxes of `boxes` that `after` left as `before` had them, apart from those `reported` already covers. */
export function untouchedBoxes(
  before: RgbaImage,
  after: RgbaImage,
  boxes: readonly ScoredBox[],
  reported: readonly ScoredBox[],
): ScoredBox[] {
  const seen = reported.map((r) => r.box);
  return boxes.filter((b) => changedShare(before, after, b.box) < UNTOUCHED_SHARE && coveredFraction(b.box, seen) < REPORTED);
}
