// The check after a fill: is there still text where text was removed? The detector looks
// again, but only at crops around the filled boxes (the rest of the photo did not change),
// at the scale the first detection saw the photo. What it finds is trusted no farther than
// the text box it overlaps: on the lakeside photo a "leftover" found next to a fresh fill
// spanned the boats between two captions, and filling it whole repainted them. So a
// leftover lying within its text box (give or take a margin) may be filled, cut to that
// box. One that continues a filled box's line is the rest of that phrase (a first box may
// hold one word of two: storm-full's "Golden hour" was boxed only over the light cloud
// band): the same rule that joins a phrase's words in detection (phrases.ts: one line, of
// similar height, within a word space) says so, and the phrase's box grows over it. Any
// other leftover reaching beyond its box is only reported, for a person to look at.
//
// Why a crop must be larger than its box: PP-OCRv3's detector weighs its features by their
// means over the whole view (32 squeeze-and-excitation blocks), so what it reads in a crop
// depends on everything else in the crop. A crop hugging its box (16 px of context) missed
// two of the three leftovers the whole-photo detection reads on the dev and wider results:
// the faint "th" of the astronaut's unblended watermark (a 253x79 crop: kernel probability
// 0.09 where the whole photo gives 1.0), and "Golden hour" (storm-full), whose first box
// held only its middle, so the crop cut the line. Crops of a few line heights read all three.
import type { Box, RgbaImage, ScoredBox } from '../../core/types.ts';
import type { OpContext } from '../context.ts';
import { coveredFraction } from '../detect-text/coverage.ts';
import { STROKE_LOOKS, type Look } from '../detect-text/looks.ts';
import { PHRASE_GAP, samePhrase, SHARED_HEIGHT } from '../detect-text/phrases.ts';
import { LEVELS } from '../detect-text/plan.ts';
import { clip, grownBox, overlaps, union } from './confine.ts';

/** Finds text boxes in an image (optionally inside a region, at a given working scale); the detect-text op. */
export type TextDetector = (image: RgbaImage, options: DetectOptions, ctx: OpContext) => Promise<ScoredBox[]>;

export interface DetectOptions {
  region?: Box;
  /** The detector's working side for the region (see detectText's maxSide); default 960. */
  maxSide?: number;
  /** The photo's levels (detectText's levels); default all. */
  levels?: readonly number[];
  /** The looks searched (detectText's looks); default all. */
  looks?: readonly Look[];
  /** The level the second detector sees (detectText's secondLevel); default its own. */
  secondLevel?: number;
  /** null: the first detector only (detectText's secondModel). */
  secondModel?: null;
  /** Keep glyph-shaped boxes (detectText's glyphs): what is left of a line may be a letter. */
  glyphs?: boolean;
}

/**
 * The passes the check runs on each crop: the photo at its finer level, the second detector
 * and the red-green look at the coarse one. With crops of a few line heights (CONTEXT_*)
 * they read, on the first fills of the dev and wider sets, the leftover text the
 * whole-photo detection reads (the astronaut's "th", storm-full's line, raindrops-leaf's
 * watermark), for what the tight crops' passes cost. The photo at the finer level rather
 * than the coarse one (about the same cost in a whole remove-text, +2-3%, within the noise)
 * also reads the ghost a drop shadow leaves (yellowflower-petals' "Weekend sale") and the
 * faint rest of a light caption (yellowflower-full's "Wild"), which the whole-photo
 * detection read on the results and the check did not: they are filled within their boxes
 * now (wider: text still read in 6 -> 4 of 96 boxes, 32.35 -> 32.48 dB; dev unchanged).
 * Missed: chelsea's "14" (the rest of a light watermark), which the tight crops read and no
 * pass reads on these crops; and dune-full's thin black "stockfield.example", which the
 * stroke looks read on the crops, at +14% of a whole remove-text (two more passes per
 * crop at the finer level). Left out, for their cost: the polarity looks, which
 * changed no result on either set; and the yellow-blue look, which over fresh fills read a
 * launch tower's strut (rocket) and a stamen (yellowflower-full) as text and found no
 * leftover the others missed.
 */
export const CHECK_PASSES: Readonly<Pick<DetectOptions, 'levels' | 'looks' | 'secondLevel'>> = {
  levels: [LEVELS[1]],
  looks: ['red-green'],
  secondLevel: LEVELS[0],
};

/**
 * The passes of the last look, which only reports: the stroke looks (stroke-look.ts) on each
 * crop, nothing else. They read what the check's passes miss on a fill's result: thin or
 * low-contrast lettering (dune-full's thin black "stockfield.example" over sand, dark grey
 * captions over a dark field). In every round's check they cost a whole remove-text 17-25%
 * more (the eval sets' median per case), and filling what they found whole over grass lost
 * more than it gained (dune-full 24.85 -> 24.10 dB, "stoc" still readable). Once at the end,
 * only to report, they cost 8-17% (the bench photo: 2.67 -> 2.98 s), and the result is
 * flagged wherever text is still read there: on the eval sets dune-full, and nothing else.
 */
export const REPORT_PASSES: Readonly<Pick<DetectOptions, 'levels' | 'looks' | 'secondModel'>> = {
  levels: [],
  looks: STROKE_LOOKS,
  secondModel: null,
};

/** A box the check reads again, this much inside one it already read, is the same leftover. */
export const SAME_LEFTOVER = 0.9;

/** The most crops a check looks at along phrases that grew, past its first crops. */
const LOOKS_ALONG = 3;

/** The detector's working side for a whole photo (detectText's default maxSide). */
const WORKING_SIDE = 960;

/**
 * Context around a filled box that the check looks at, in the box's line heights: along the
 * line (a first box may hold only part of it) and across it, and at least CONTEXT_MIN px.
 */
const CONTEXT_ALONG = 3;
const CONTEXT_ACROSS = 2;
const CONTEXT_MIN = 32;

function checkMargins(b: Box): [number, number] {
  const h = b[3] - b[1];
  return [Math.max(CONTEXT_MIN, Math.round(CONTEXT_ALONG * h)), Math.max(CONTEXT_MIN, Math.round(CONTEXT_ACROSS * h))];
}

function withContext(b: Box): Box {
  const [along, across] = checkMargins(b);
  return [Math.floor(b[0]) - along, Math.floor(b[1]) - across, Math.ceil(b[2]) + along, Math.ceil(b[3]) + across];
}

/**
 * A leftover is a text line or a piece of one: at least as wide as it is tall. An upright
 * box over a fresh fill is a stem, a strut or a stamen (the whole-photo detection read a
 * launch tower's strut between two filled captions on the rocket photo).
 */
function lineShaped(b: Box): boolean {
  return b[2] - b[0] >= b[3] - b[1];
}

/**
 * A leftover may lie this far past its text box and still be the same text: a detector's
 * boxes of one line differ by their unclip margin, a few pixels or a quarter of the height.
 */
export function leftoverTolerance(b: Box): number {
  return Math.max(8, Math.round(0.25 * Math.min(b[2] - b[0], b[3] - b[1])));
}

/** The crops to look at: each box with its margin, clipped to `area`; crops that meet are joined. */
export function checkCrops(boxes: readonly Box[], area: Box): Box[] {
  let crops = boxes.map((b) => clip(withContext(b), area)).filter((c) => c[2] > c[0] && c[3] > c[1]);
  for (let joined = true; joined;) {
    joined = false;
    for (let i = 0; i < crops.length && !joined; i++)
      for (let j = i + 1; j < crops.length; j++)
        if (overlaps(crops[i], crops[j])) {
          crops[i] = union(crops[i], crops[j]);
          crops = crops.filter((_, k) => k !== j);
          joined = true;
          break;
        }
  }
  return crops;
}

export interface Leftovers {
  /** Leftover text within its text box (`of`, its index in `filled`): `fill` is the leftover cut to that box (grown by `reach`). */
  inside: { found: ScoredBox; fill: Box; of: number }[];
  /** Leftover text continuing a filled box's phrase (see samePhrase): `of`, that box's index in `filled`. */
  continuing: { found: ScoredBox; of: number }[];
  /** Leftover boxes reaching beyond the text boxes they overlap, on no filled phrase's line: never filled, only reported. */
  outside: ScoredBox[];
}

/**
 * Detects again on `image` around `filled` (the text boxes just filled) and sorts what
 * overlaps or continues them into leftovers within their boxes, leftovers continuing a
 * box's phrase and leftovers reaching outside.
 * `area`: where the first detection looked (its region, or the whole photo). `reach`: how
 * far past a text box a fill may go. `phrases`: false when the boxes are a person's own
 * (reviewed boxes): what continues them is not theirs to grow over, so it is sorted as
 * reaching outside (or not a leftover, when it overlaps no box).
 */
export async function findLeftovers(
  detect: TextDetector,
  image: RgbaImage,
  filled: readonly Box[],
  area: Box,
  reach: number,
  ctx: OpContext,
  phrases = true,
  passes: Omit<DetectOptions, 'region' | 'maxSide'> = CHECK_PASSES,
): Promise<Leftovers> {
  const areaLong = Math.max(area[2] - area[0], area[3] - area[1]);
  const found: ScoredBox[] = [];
  const looked: Box[] = [];
  const look = async (crops: readonly Box[]) => {
    for (const crop of crops) {
      const cropLong = Math.max(crop[2] - crop[0], crop[3] - crop[1]);
      // The same detector pixels per photo pixel as the first detection, which saw `area` with this working side.
      const maxSide = Math.max(32, Math.round((WORKING_SIDE * cropLong) / areaLong));
      // A line read again in a wider crop is the same leftover.
      for (const f of await detect(image, { region: crop, maxSide, glyphs: true, ...passes }, ctx))
        if (
          coveredFraction(
            f.box,
            found.map((g) => g.box),
          ) < SAME_LEFTOVER
        )
          found.push(f);
      looked.push(crop);
    }
  };
  await look(checkCrops(filled, area));
  let sorted = sortLeftovers(found, filled, reach, phrases);
  // A phrase that grew may go on past the crop: its line is looked at again, grown along
  // it, until it ends (a crop holds three line heights past a box: "Golden" boxed first,
  // its crop read "hour" and cut "on the road").
  for (let k = 0; k < LOOKS_ALONG; k++) {
    const crops = checkCrops(sorted.grown, area).filter((c) => coveredFraction(c, looked) < 0.999);
    if (!crops.length) break;
    await look(crops);
    sorted = sortLeftovers(found, filled, reach, phrases);
  }
  return sorted.leftovers;
}

/** Sorts what the check found into leftovers within, continuing and beyond `filled`; `grown`: the phrases that grew. */
function sortLeftovers(
  found: readonly ScoredBox[],
  filled: readonly Box[],
  reach: number,
  grow: boolean,
): { leftovers: Leftovers; grown: Box[] } {
  const result: Leftovers = { inside: [], continuing: [], outside: [] };
  const beyond: ScoredBox[] = [];
  for (const f of found) {
    if (!lineShaped(f.box)) continue;
    const mine = filled.filter((b) => overlaps(b, f.box));
    const within =
      mine.length > 0 &&
      coveredFraction(
        f.box,
        mine.map((b) => grownBox(b, leftoverTolerance(b))),
      ) >= 0.999;
    if (!within) {
      beyond.push(f);
      continue;
    }
    for (const b of mine) {
      const fill = clip(f.box, grownBox(b, reach));
      if (fill[2] > fill[0] && fill[3] > fill[1]) result.inside.push({ found: f, fill, of: filled.indexOf(b) });
    }
  }
  // The rest of a filled phrase joins the nearest box whose line it continues, and the
  // phrase so grown is continued in turn ("Golden" boxed first, then "hour", "on", "the"
  // read word by word beside it).
  const phrases = filled.map((b) => [...b] as Box);
  for (let joined = grow; joined;) {
    joined = false;
    for (let k = 0; k < beyond.length; k++) {
      const of = nearestPhrase(phrases, beyond[k].box);
      if (of < 0) continue;
      result.continuing.push({ found: beyond[k], of });
      phrases[of] = union(phrases[of], beyond[k].box);
      beyond.splice(k--, 1);
      joined = true;
    }
  }
  // Text the first detection did not fill, on no filled line and overlapping no filled box, is not a leftover of this removal.
  for (const f of beyond) if (filled.some((b) => overlaps(b, f.box))) result.outside.push(f);
  return { leftovers: result, grown: phrases.filter((p, i) => p.some((v, j) => v !== filled[i][j])) };
}

/**
 * Whether leftover `f` continues the phrase of filled box `b`: the same phrase by
 * detection's rule (samePhrase), or the line read again across a first box that held only
 * the middle of its letters (storm-full's "Golden hour", first boxed 14 px tall over 25 px
 * lettering, read whole at 37 px once part of it was gone): `f` spans most of `b`'s height,
 * lies within `b` grown by its own height across the line, and starts or ends within a
 * word space of it. A taller box is a block with other things in it (the lakeside's boats),
 * not this line.
 */
export function continuesPhrase(b: Box, f: Box): boolean {
  if (samePhrase(b, f)) return true;
  const h = b[3] - b[1];
  const shared = Math.min(b[3], f[3]) - Math.max(b[1], f[1]);
  const gap = Math.max(b[0], f[0]) - Math.min(b[2], f[2]);
  return shared >= SHARED_HEIGHT * h && f[1] >= b[1] - h && f[3] <= b[3] + h && gap <= PHRASE_GAP * h;
}

/** Index of the box in `boxes` whose phrase `b` continues (continuesPhrase), the nearest along the line; -1 when none. */
function nearestPhrase(boxes: readonly Box[], b: Box): number {
  let best = -1,
    bestGap = Infinity;
  boxes.forEach((a, i) => {
    const gap = Math.max(a[0], b[0]) - Math.min(a[2], b[2]);
    if (gap < bestGap && continuesPhrase(a, b)) [best, bestGap] = [i, gap];
  });
  return best;
}
