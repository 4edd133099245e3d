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

function view(x0: number, y0: number, x1: number, y1: number, scale: number): DetectorView {
  return { x0, y0, x1, y1, tensorWidth: detectorSide((x1 - x0) * scale), tensorHeight: detectorSide((y1 - y0) * scale) };
}

function level(region: Box, scale: number, maxSide: number): DetectorView[] {
  const [rx0, ry0, rx1, ry1] = region;
  const long = Math.max(rx1 - rx0, ry1 - ry0);
  if (long * scale <= TILE_ABOVE * maxSide) return [view(rx0, ry0, rx1, ry1, scale)];
  const size = Math.round(maxSide / scale);
  const overlap = Math.round(size * TILE_OVERLAP);
  const views: DetectorView[] = [];
  for (const sy of tileSpans(ry1 - ry0, size, overlap)) {
    for (const sx of tileSpans(rx1 - rx0, size, overlap))
      views.push(view(rx0 + sx.start, ry0 + sy.start, rx0 + sx.end, ry0 + sy.end, scale));
  }
  return views;
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
