// Where YuNet looks on a photo of any size (up to 48 MP): levels of a pyramid, each cut into
// overlapping tiles. YuNet finds faces from about 10 px to a few hundred px of its input, so
// level k (the photo shrunk by 4^k) finds faces of about 12 .. TILE_OVERLAP px there; the
// tiles of a level overlap by TILE_OVERLAP, so such a face lies whole inside some tile. A
// last, small level (longer side OVERVIEW_SIDE) sees faces that fill the frame.
import { tileSpans, type Span } from '../tiling.ts';
import type { Pixels } from './yunet.ts';

export const TILE_SIDE = 640;
export const TILE_OVERLAP = 160;
/** Shrink factor between levels: a face just too big for one level's tiles is >= 40 px on the next. */
export const LEVEL_FACTOR = 4;
export const OVERVIEW_SIDE = 256;

export interface Level {
  pixels: Pixels;
  /** Source pixels per level pixel, per axis (exact: source size / level size). */
  sx: number;
  sy: number;
}

export interface View {
  level: number;
  x: Span;
  y: Span;
}

/** The photo shrunk to width x height by averaging the source pixels each level pixel covers. */
export function shrink(src: Pixels, width: number, height: number): Pixels {
  if (width === src.width && height === src.height) return src;
  const out = new Uint8ClampedArray(width * height * 4);
  const xs = Array.from({ length: width + 1 }, (_, i) => Math.min(src.width, Math.floor((i * src.width) / width)));
  const ys = Array.from({ length: height + 1 }, (_, i) => Math.min(src.height, Math.floor((i * src.height) / height)));
  const acc = new Float64Array(4);
  for (let v = 0; v < height; v++) {
    const y0 = ys[v];
    const y1 = Math.max(ys[v + 1], y0 + 1);
    for (let u = 0; u < width; u++) {
      const x0 = xs[u];
      const x1 = Math.max(xs[u + 1], x0 + 1);
      acc.fill(0);
      for (let y = y0; y < y1; y++) {
        let s = (y * src.width + x0) * 4;
        for (let x = x0; x < x1; x++, s += 4) {
          acc[0] += src.data[s];
          acc[1] += src.data[s + 1];
          acc[2] += src.data[s + 2];
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const d = (v * width + u) * 4;
      out[d] = Math.round(acc[0] / n);
      out[d + 1] = Math.round(acc[1] / n);
      out[d + 2] = Math.round(acc[2] / n);
      out[d + 3] = 255;
    }
  }
  return { width, height, data: out };
}

/** Level sizes: the photo, then each 4x smaller while the previous one needs tiles, then the overview. */
export function levelSizes(width: number, height: number): Array<[number, number]> {
  const sizes: Array<[number, number]> = [[width, height]];
  let [w, h] = [width, height];
  while (Math.max(w, h) > TILE_SIDE) {
    w = Math.max(1, Math.round(w / LEVEL_FACTOR));
    h = Math.max(1, Math.round(h / LEVEL_FACTOR));
    sizes.push([w, h]);
  }
  const long = Math.max(width, height);
  if (long > OVERVIEW_SIDE) {
    const f = OVERVIEW_SIDE / long;
    sizes.push([Math.max(1, Math.round(width * f)), Math.max(1, Math.round(height * f))]);
  }
  return sizes;
}

/** The pyramid of `src` (level 0 is `src` itself; each level shrunk from the one before, or from src for the overview). */
export function pyramid(src: Pixels): Level[] {
  const levels: Level[] = [];
  let prev = src;
  for (const [w, h] of levelSizes(src.width, src.height)) {
    const from = prev.width >= w && prev.height >= h ? prev : src;
    const pixels = shrink(from, w, h);
    levels.push({ pixels, sx: src.width / w, sy: src.height / h });
    prev = pixels;
  }
  return levels;
}

/** The tiles of every level, level by level, row-major. */
export function views(levels: readonly Level[]): View[] {
  return levels.flatMap((l, level) => {
    const cols = tileSpans(l.pixels.width, TILE_SIDE, TILE_OVERLAP, true);
    const rows = tileSpans(l.pixels.height, TILE_SIDE, TILE_OVERLAP, true);
    return rows.flatMap((y) => cols.map((x) => ({ level, x, y })));
  });
}

/**
 * Whether a box found in a view (level pixels) touches one of the view's edges that lie inside
 * the level (not the photo's border): such a face is cut by the tile, and the neighbouring
 * tile, overlapping by more than a face this level finds, sees it whole.
 */
export function cutByTile(box: readonly number[], view: View, level: Pixels, margin = 2): boolean {
  return (
    (view.x.start > 0 && box[0] <= view.x.start + margin) ||
    (view.y.start > 0 && box[1] <= view.y.start + margin) ||
    (view.x.end < level.width && box[2] >= view.x.end - margin) ||
    (view.y.end < level.height && box[3] >= view.y.end - margin)
  );
}

/** A box in level pixels as source pixels (the exact inverse of the level's scale). */
export function toSource(box: readonly number[], l: Level): [number, number, number, number] {
  return [box[0] * l.sx, box[1] * l.sy, box[2] * l.sx, box[3] * l.sy];
}
