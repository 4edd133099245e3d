// Which boxes of the stroke looks (stroke-look.ts) are text lines. The top-hat that shows a
// light font's thin strokes over texture shows every narrow highlight and shadow too (twigs,
// wing veins, embossed badges), and the detector reads some of them as lettering; the
// rules below keep those out and measured no watermark lost to them (held-out set, wider
// set, thin watermarks on five other wallpapers).
import type { Box, ScoredBox } from '../../core/types.ts';
import { coveredFraction } from './coverage.ts';
import type { Look } from './looks.ts';
import { sameLine, type PassBox } from './merge.ts';

/** A stroke look's box and the look (polarity) that found it. */
export interface StrokeBox extends PassBox {
  polarity: Look;
}

/**
 * A stroke look's box is a line of a few letters, at least this many times as long as tall:
 * a twig's fork or a wing's veins make short, nearly square kernels (a dragonfly's wing on a
 * wallpaper, 37 x 22 px at score 0.82).
 */
const LINE_ASPECT = 2;

/**
 * Box score a stroke look's box needs (the other polarity's boxes count from the looks' own
 * threshold). Measured on the boxes they would add over the photo's: every one on a
 * watermark scored 0.955-0.995; the rest 0.71-0.91 (an embossed badge on the held-out set,
 * 0.84; twigs and glints under 10 px tall).
 */
export const STROKE_BOX_THRESHOLD = 0.9;

/** A box the other polarity's boxes cover this much of shows in both. */
const OTHER_POLARITY_SHARE = 0.5;

export function wordsLong(box: Box): boolean {
  return box[2] - box[0] >= LINE_ASPECT * (box[3] - box[1]);
}

/**
 * The boxes that only one polarity shows, and surely, and that are line-shaped (wordsLong).
 * A semi-transparent overlay moves the pixels under its strokes one way (a white one lifts
 * them): its letters are ridges in one stroke look, while the other shows only the gaps
 * between them, which the detector does not read as a line. Embossed or metal lettering,
 * with highlights and shadows both a stroke wide, and a texture's stripes show in both (dev:
 * a motorcycle's "YAMAHA" badge, 0% on the truth). Outlined or shadowed opaque text shows in
 * both as well, but the photo's own passes find it.
 * `strokes`: every box the stroke looks read. The other polarity's boxes on the same line
 * (merge.ts sameLine: most of the height shared) count whatever their length: the badge read
 * 65 x 30 px in one and 59 x 30 in the other, a hair short of a line, and that one alone
 * must not let the first pass. A block of texture several lines tall is not the line.
 */
export function keptStrokeBoxes(strokes: readonly StrokeBox[]): StrokeBox[] {
  const other = (b: StrokeBox) => strokes.filter((o) => o.polarity !== b.polarity && sameLine(o.box, b.box)).map((o) => o.box);
  return strokes.filter(
    (b) => wordsLong(b.box) && b.score >= STROKE_BOX_THRESHOLD && coveredFraction(b.box, other(b)) < OTHER_POLARITY_SHARE,
  );
}

/** A stroke look's line extends a found line when it reaches past the line's end by more than this share of the line's height. */
const EXTENDS_BY = 0.5;
/** ...and the found line covers at least this share of it (an extension at most doubles the line). */
const EXTENDED_SHARE = 0.5;

/**
 * The found lines, each lengthened to the end of a sure stroke-look line (score >=
 * STROKE_BOX_THRESHOLD, either polarity) on the same line that it mostly holds. A faint
 * overlay's letter that sits on a wide, contrasting feature (a dark "S" across an orange
 * grass stalk) drops out of the photo's own passes, while the top-hat, which takes off
 * whatever is wider than a stroke, keeps it. Only the length grows: a look's box is fatter
 * across the line than the photo's (merge.ts), and the photo's is kept there. Lines that are
 * not horizontal and long (wordsLong) are left as they are.
 */
export function extendedAlongStrokes(lines: readonly ScoredBox[], strokes: readonly StrokeBox[]): ScoredBox[] {
  const sure = strokes.filter((s) => s.score >= STROKE_BOX_THRESHOLD && wordsLong(s.box));
  return lines.map((line) => {
    if (!wordsLong(line.box)) return line;
    const box: Box = [...line.box];
    const slack = EXTENDS_BY * (box[3] - box[1]);
    for (const { box: s } of sure) {
      if (!sameLine(s, line.box) || coveredFraction(s, [line.box]) < EXTENDED_SHARE) continue;
      if (s[0] < line.box[0] - slack) box[0] = Math.min(box[0], s[0]);
      if (s[2] > line.box[2] + slack) box[2] = Math.max(box[2], s[2]);
    }
    return { ...line, box };
  });
}
