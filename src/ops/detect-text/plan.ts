// Which detector passes cover a region: always one downscaled copy (longer side at most
// `maxSide`, PP-OCRv3's training scale); for large photos also overlapping tiles at a finer
// scale, so that text that is small relative to the photo is still tall enough to detect.
import type { Box } from '../../core/types.ts';
import { tileSpans } from '../tiling.ts';
import { detectorSide, type DetectorView } from './preprocess.ts';

export type TileMode = 'auto' | 'always' | 'never';

export interface DetectPlan {
  coarse: DetectorView;
  tiles: DetectorView[];
}

/** Tiles run at most this many times finer than the coarse pass (bounds the tile count). */
const TILE_ZOOM = 4;
/** Overlap between neighbouring tiles, as a fraction of the tile side. */
const TILE_OVERLAP = 1 / 6;

function view(x0: number, y0: number, x1: number, y1: number, scale: number): DetectorView {
  return { x0, y0, x1, y1, tensorWidth: detectorSide((x1 - x0) * scale), tensorHeight: detectorSide((y1 - y0) * scale) };
}

/**
 * `auto` tiles when the region is more than twice the coarse pass's side (there, text under
 * ~20 px would shrink below what the detector sees); `always` tiles whenever the region
 * exceeds one tile.
 */
export function detectionPlan(region: Box, maxSide: number, mode: TileMode): DetectPlan {
  const [rx0, ry0, rx1, ry1] = region;
  const long = Math.max(rx1 - rx0, ry1 - ry0);
  const coarse = view(rx0, ry0, rx1, ry1, Math.min(1, maxSide / long));
  const wantTiles = mode === 'always' ? long > maxSide : mode === 'auto' && long > 2 * maxSide;
  if (!wantTiles) return { coarse, tiles: [] };
  const scale = Math.min(1, (TILE_ZOOM * maxSide) / long);
  const size = maxSide / scale;
  const overlap = Math.round(size * TILE_OVERLAP);
  const tiles: DetectorView[] = [];
  for (const sy of tileSpans(ry1 - ry0, Math.round(size), overlap)) {
    for (const sx of tileSpans(rx1 - rx0, Math.round(size), overlap)) {
      tiles.push(view(rx0 + sx.start, ry0 + sy.start, rx0 + sx.end, ry0 + sy.end, scale));
    }
  }
  return { coarse, tiles };
}
