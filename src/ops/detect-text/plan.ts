// Which detector passes cover a region. DBNet finds text reliably within a limited range of
// text heights, so the region is seen at two scales an octave apart around PP-OCRv3's
// training scale (longer side 960): 0.75x and 1.5x of it. Large photos get a third level at
// full resolution (up to 8 x 960 px on the longer side, ~100 tiles), so that text small
// relative to the photo is seen at its own size. A level too large for one tensor is cut
// into overlapping tiles of `maxSide`.
import type { Box } from '../../core/types.ts';
import { tileSpans } from '../tiling.ts';
import { detectorSide, type DetectorView } from './preprocess.ts';

export type TileMode = 'auto' | 'always' | 'never';

/** Scales of the default levels, relative to "longer side = maxSide". */
export const LEVELS = [0.75, 1.5];

/**
 * Photos up to twice maxSide are not enlarged past maxSide on their longer side: a 960 px
 * photo's finer level runs at 960, not 1440 (2.2x the detector's work and memory for the
 * same recall on the wider set: smaller text there is found at 1x). Small photos (up to
 * 2/3 maxSide) still get their full 1.5x, where captions are a few pixels tall.
 */
export function capped(scale: number, long: number, maxSide: number): number {
  return long <= 2 * maxSide ? Math.min(scale, maxSide / long) : scale;
}

/** The fine level covers at most this many maxSide tiles along the longer side (bounds the work on huge photos). */
const FINE_ZOOM = 8;
/** A level is tiled when its longer side exceeds this many times maxSide. */
const TILE_ABOVE = 1.5;
/** Overlap between neighbouring tiles, as a fraction of the tile side. */
const TILE_OVERLAP = 1 / 6;

/**
 * A level seen whole is cut in parts along its longer side when its tensor would exceed
 * this many detector pixels (0.4 x 960^2: a 960 px photo's finer level, 960x608, goes in
 * two halves): the detector's buffers grow with the tensor (about 114 MB for 960x608,
 * against 58 MB for each half), and they are most of a detection's peak memory. The
 * parts overlap by SPLIT_OVERLAP detector pixels, so that letters of up to that height are
 * whole in one of them; text cut by the seam is joined again by mergePasses.
 * Measured against seeing it whole: the same recall on dev and the wider set (precision
 * 0.88 -> 0.96 on dev, 0.936 -> 0.937 wider), but on the held-out faint watermarks
 * (`npm run eval -- detect ../shared/datasets/dev --synthetic`) recall 0.70 -> 0.65,
 * precision 0.95 -> 0.97; a 160 px overlap lost a dev watermark as well.
 */
export const MAX_VIEW_PIXELS = 368_640;
const SPLIT_OVERLAP = 64;

function view(x0: number, y0: number, x1: number, y1: number, scale: number): DetectorView {
  return { x0, y0, x1, y1, tensorWidth: detectorSide((x1 - x0) * scale), tensorHeight: detectorSide((y1 - y0) * scale) };
}

function level(region: Box, scale: number, maxSide: number): DetectorView[] {
  const [rx0, ry0, rx1, ry1] = region;
  const long = Math.max(rx1 - rx0, ry1 - ry0);
  if (long * scale <= TILE_ABOVE * maxSide) return split(view(rx0, ry0, rx1, ry1, scale), scale);
  const size = Math.round(maxSide / scale);
  const overlap = Math.round(size * TILE_OVERLAP);
  const views: DetectorView[] = [];
  for (const sy of tileSpans(ry1 - ry0, size, overlap)) {
    for (const sx of tileSpans(rx1 - rx0, size, overlap))
      views.push(view(rx0 + sx.start, ry0 + sy.start, rx0 + sx.end, ry0 + sy.end, scale));
  }
  return views;
}

/** A whole view cut into overlapping parts along its longer side when its tensor is over MAX_VIEW_PIXELS. */
function split(whole: DetectorView, scale: number): DetectorView[] {
  const parts = Math.ceil((whole.tensorWidth * whole.tensorHeight) / MAX_VIEW_PIXELS);
  if (parts <= 1) return [whole];
  const across = whole.x1 - whole.x0 >= whole.y1 - whole.y0;
  const length = across ? whole.x1 - whole.x0 : whole.y1 - whole.y0;
  const overlap = Math.round(SPLIT_OVERLAP / scale);
  const size = Math.ceil((length + (parts - 1) * overlap) / parts);
  if (size <= 2 * overlap) return [whole]; // parts this thin would be mostly seam
  return tileSpans(length, size, overlap, true).map((s) =>
    across
      ? view(whole.x0 + s.start, whole.y0, whole.x0 + s.end, whole.y1, scale)
      : view(whole.x0, whole.y0 + s.start, whole.x1, whole.y0 + s.end, scale),
  );
}

/**
 * Looks are skipped where their level would show the photo below this scale (level 0.75:
 * photos over twice maxSide, the ones the fine tiles cover; level 0.5: over 1.33 maxSide):
 * a 20 px overlay line shrinks under 8 px there, and the few-pixel kernels a look finds
 * unclip to coarse boxes that loosen lines.
 */
const MIN_LOOK_SCALE = 0.375;

/**
 * The views a look (or the second detector) is searched in at level `at` (relative to
 * "longer side = maxSide", see LOOK_LEVELS): the region whole (or tiled when very long);
 * none on large photos.
 */
export function lookViews(region: Box, maxSide: number, at: number): DetectorView[] {
  const long = Math.max(region[2] - region[0], region[3] - region[1]);
  const scale = capped(Math.min(1.5, at * Math.min(1, maxSide / long)), long, maxSide);
  return scale < MIN_LOOK_SCALE ? [] : level(region, scale, maxSide);
}

/** A line's band reaches this many line heights past each of its ends: a word or two more. */
const BAND_REACH = 8;
/** ...and this many line heights above and below it. */
const BAND_MARGIN = 0.75;

/**
 * The views of a found line's band (line-bands.ts): the line grown along itself by BAND_REACH
 * line heights each way and across it by BAND_MARGIN, clipped to `region`, at `scale`
 * (detector pixels per source pixel).
 */
export function bandViews(line: Box, region: Box, scale: number, maxSide: number): DetectorView[] {
  const h = line[3] - line[1];
  const band: Box = [
    Math.max(region[0], Math.floor(line[0] - BAND_REACH * h)),
    Math.max(region[1], Math.floor(line[1] - BAND_MARGIN * h)),
    Math.min(region[2], Math.ceil(line[2] + BAND_REACH * h)),
    Math.min(region[3], Math.ceil(line[3] + BAND_MARGIN * h)),
  ];
  return level(band, scale, maxSide);
}

/**
 * The passes, grouped by level. `auto` adds the fine level when the region is more than
 * twice maxSide (there, text under ~20 px would shrink below what the detector sees);
 * `always` adds it whenever the region exceeds maxSide; `never` keeps the two levels.
 * Scales never exceed 1.5 (no point enlarging a photo further for detection).
 */
export function detectionPlan(region: Box, maxSide: number, mode: TileMode, levels: readonly number[] = LEVELS): DetectorView[][] {
  const long = Math.max(region[2] - region[0], region[3] - region[1]);
  const base = maxSide / long;
  const scales = levels.map((l) => capped(Math.min(1.5, l * Math.min(1, base)), long, maxSide));
  const wantFine = mode === 'always' ? long > maxSide : mode === 'auto' && long > 2 * maxSide;
  if (wantFine) scales.push(Math.min(1, FINE_ZOOM * base));
  return [...new Set(scales)].map((s) => level(region, s, maxSide));
}
