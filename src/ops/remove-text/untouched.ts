// Text boxes the removal left as they were. The text mask takes only what tells the text
// apart from its background (text-mask.ts); where nothing does, the box's mask is empty and
// its text stays exactly as it was, while the check after the fill sees no leftover: it reads
// the crops for text that a fill left, and over an untouched box it often reads nothing,
// even where the first detection did (the wider set's aqua-full: "proof copy", thin white
// letters at 50% over a water drop's bright, structured surface). A box that was found as
// text and kept its pixels is reported, so that a person looks at it.
import type { Box, RgbaImage, ScoredBox } from '../../core/types.ts';
import { coveredFraction } from '../detect-text/coverage.ts';

/** A box with less than this share of its pixels changed was left as it was: lettering covers a quarter to a half of a line's box. */
export const UNTOUCHED_SHARE = 0.02;

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
  return boxes.filter((b) => changedShare(before, after, b.box) < UNTOUCHED_SHARE && coveredFraction(b.box, seen) < 0.5);
}
