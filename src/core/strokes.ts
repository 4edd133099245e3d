// Stroke rasterisation at full image resolution, per the Stroke contract in types.ts:
// a pixel is covered when its centre (x + 0.5, y + 0.5) lies within width / 2 of the polyline
// (shape 'line') or inside the box (shape 'rect', half-open: min <= centre < max).
// Covered pixels become 255, or 0 for an eraser. Because a line stroke is the union of its
// segments' capsules and writing is idempotent, rasterising segment by segment as the pointer
// moves gives exactly the same mask as rasterising the finished stroke at once.
import type { Box, Mask, Stroke } from './types.ts';

/** Smallest box holding both (either may be null = empty). */
export function unionBox(a: Box | null, b: Box | null): Box | null {
  if (!a) return b;
  if (!b) return a;
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

/** Intersection of two boxes, or null when they do not overlap. */
export function intersectBox(a: Box, b: Box): Box | null {
  const r: Box = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return r[2] > r[0] && r[3] > r[1] ? r : null;
}

/** Pixels whose centre c satisfies lo <= c <= hi, as a half-open index range [from, to). */
function centresWithin(lo: number, hi: number): [number, number] {
  return [Math.ceil(lo - 0.5), Math.floor(hi - 0.5) + 1];
}

/** Pixels whose centre c satisfies lo <= c < hi, as a half-open index range [from, to). */
function centresInside(lo: number, hi: number): [number, number] {
  return [Math.ceil(lo - 0.5), Math.ceil(hi - 0.5)];
}

/** Box of the pixels a capsule from (ax, ay) to (bx, by) of radius r may cover, clipped. */
function capsuleBox(ax: number, ay: number, bx: number, by: number, r: number, clip: Box): Box | null {
  const [x0, x1] = centresWithin(Math.min(ax, bx) - r, Math.max(ax, bx) + r);
  const [y0, y1] = centresWithin(Math.min(ay, by) - r, Math.max(ay, by) + r);
  return intersectBox([x0, y0, x1, y1], clip);
}

function fullBox(mask: Mask): Box {
  return [0, 0, mask.width, mask.height];
}

/** Intersects [lo, hi] with the x where a + k * x lies in [min, max] (k may be 0). */
function clampLinear(lo: number, hi: number, a: number, k: number, min: number, max: number): [number, number] {
  if (k === 0) return a >= min && a <= max ? [lo, hi] : [1, 0];
  const p = (min - a) / k,
    q = (max - a) / k;
  return [Math.max(lo, Math.min(p, q)), Math.min(hi, Math.max(p, q))];
}

/**
 * Writes the capsule (segment a-b, radius r) into the mask; returns the box it may have changed.
 * The capsule is convex, so each row is one run: the union of the runs of the two end discs
 * and of the band between them, each solved exactly for pixel centres, then filled at once.
 */
function fillCapsule(mask: Mask, ax: number, ay: number, bx: number, by: number, r: number, value: number, clip: Box): Box | null {
  const box = capsuleBox(ax, ay, bx, by, r, clip);
  if (!box) return null;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const rl = r * Math.sqrt(len2);
  const { width, data } = mask;
  for (let y = box[1]; y < box[3]; y++) {
    const cy = y + 0.5;
    let lo = Infinity,
      hi = -Infinity;
    for (const [px, py] of [
      [ax, ay],
      [bx, by],
    ]) {
      const h2 = r * r - (cy - py) * (cy - py);
      if (h2 >= 0) {
        const h = Math.sqrt(h2);
        lo = Math.min(lo, px - h);
        hi = Math.max(hi, px + h);
      }
    }
    if (len2 > 0) {
      // Band: |cross(c - a, d)| <= r |d| and 0 <= dot(c - a, d) <= |d|^2, both linear in cx.
      const qy = cy - ay;
      let [blo, bhi] = clampLinear(-Infinity, Infinity, -qy * dx - ax * dy, dy, -rl, rl);
      [blo, bhi] = clampLinear(blo, bhi, qy * dy - ax * dx, dx, 0, len2);
      if (blo <= bhi) {
        lo = Math.min(lo, blo);
        hi = Math.max(hi, bhi);
      }
    }
    if (lo > hi) continue;
    const [x0, x1] = centresWithin(lo, hi);
    const from = Math.max(x0, box[0]),
      to = Math.min(x1, box[2]);
    if (to > from) data.fill(value, y * width + from, y * width + to);
  }
  return box;
}

function fillRect(mask: Mask, points: number[], value: number, clip: Box): Box | null {
  if (points.length < 4) return null;
  const [ax, ay, bx, by] = points;
  const [x0, x1] = centresInside(Math.min(ax, bx), Math.max(ax, bx));
  const [y0, y1] = centresInside(Math.min(ay, by), Math.max(ay, by));
  const box = intersectBox([x0, y0, x1, y1], clip);
  if (!box) return null;
  for (let y = box[1]; y < box[3]; y++) mask.data.fill(value, y * mask.width + box[0], y * mask.width + box[2]);
  return box;
}

const valueOf = (s: Stroke) => (s.erase ? 0 : 255);

/**
 * Rasterises the part of a line stroke that point `index` adds: the capsule from point
 * index-1 to point index, or the round dab of point 0. Call it once per new point while
 * brushing. Returns the box of pixels it may have changed (exclusive right/bottom), or null.
 */
export function rasteriseSegment(mask: Mask, stroke: Stroke, index: number, clip: Box = fullBox(mask)): Box | null {
  const p = stroke.points;
  if (stroke.shape === 'rect') return index === 1 ? fillRect(mask, p, valueOf(stroke), clip) : null;
  if (index < 0 || 2 * index + 1 >= p.length) return null;
  const r = stroke.width / 2;
  const from = index === 0 ? 0 : index - 1;
  return fillCapsule(mask, p[2 * from], p[2 * from + 1], p[2 * index], p[2 * index + 1], r, valueOf(stroke), clip);
}

/** Number of points in a stroke. */
export function pointCount(stroke: Stroke): number {
  return stroke.points.length >> 1;
}

/** Rasterises a whole stroke (optionally only inside `clip`); returns the changed box or null. */
export function rasteriseStroke(mask: Mask, stroke: Stroke, clip: Box = fullBox(mask)): Box | null {
  const safeClip = intersectBox(clip, fullBox(mask));
  if (!safeClip) return null;
  if (stroke.shape === 'rect') return rasteriseSegment(mask, stroke, 1, safeClip);
  let dirty: Box | null = null;
  const n = pointCount(stroke);
  for (let i = 0; i < n; i++) dirty = unionBox(dirty, rasteriseSegment(mask, stroke, i, safeClip));
  return dirty;
}

/** The box of pixels a stroke may touch inside a width x height image, or null. */
export function strokeBounds(stroke: Stroke, width: number, height: number): Box | null {
  const p = stroke.points;
  if (p.length < 2) return null;
  const all: Box = [0, 0, width, height];
  if (stroke.shape === 'rect') {
    if (p.length < 4) return null;
    const [x0, x1] = centresInside(Math.min(p[0], p[2]), Math.max(p[0], p[2]));
    const [y0, y1] = centresInside(Math.min(p[1], p[3]), Math.max(p[1], p[3]));
    return intersectBox([x0, y0, x1, y1], all);
  }
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (let i = 0; i + 1 < p.length; i += 2) {
    minX = Math.min(minX, p[i]);
    maxX = Math.max(maxX, p[i]);
    minY = Math.min(minY, p[i + 1]);
    maxY = Math.max(maxY, p[i + 1]);
  }
  return capsuleBox(minX, minY, maxX, maxY, stroke.width / 2, all);
}

/** Rebuilds a mask from strokes in order (the manifest `strokes` replay). */
export function rasteriseStrokes(width: number, height: number, strokes: readonly Stroke[]): Mask {
  const mask: Mask = { width, height, data: new Uint8Array(width * height) };
  for (const s of strokes) rasteriseStroke(mask, s);
  return mask;
}
