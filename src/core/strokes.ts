// Brush strokes -> mask, by the exact pixel-centre coverage rule of the Stroke contract
// (src/core/types.ts), so a manifest's strokes replay to the same mask everywhere.
import type { Mask, Stroke } from './types.ts';

/** Squared distance from (px, py) to the segment (ax, ay)-(bx, by). */
function distanceSq(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSq = dx * dx + dy * dy;
  const t = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / lengthSq));
  const ex = px - (ax + t * dx);
  const ey = py - (ay + t * dy);
  return ex * ex + ey * ey;
}

function paintSegment(mask: Mask, value: number, radius: number, ax: number, ay: number, bx: number, by: number): void {
  const { width, height, data } = mask;
  // Pixel x is covered when its centre x + 0.5 lies within the radius.
  const x0 = Math.max(0, Math.ceil(Math.min(ax, bx) - radius - 0.5));
  const x1 = Math.min(width - 1, Math.floor(Math.max(ax, bx) + radius - 0.5));
  const y0 = Math.max(0, Math.ceil(Math.min(ay, by) - radius - 0.5));
  const y1 = Math.min(height - 1, Math.floor(Math.max(ay, by) + radius - 0.5));
  const r2 = radius * radius;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (distanceSq(x + 0.5, y + 0.5, ax, ay, bx, by) <= r2) data[y * width + x] = value;
    }
  }
}

function paintRect(mask: Mask, value: number, points: number[]): void {
  const [ax, ay, bx, by] = points;
  const { width, height, data } = mask;
  // Centres strictly inside [min, max]: pixel x is inside when min <= x + 0.5 <= max.
  const x0 = Math.max(0, Math.ceil(Math.min(ax, bx) - 0.5));
  const x1 = Math.min(width - 1, Math.floor(Math.max(ax, bx) - 0.5));
  const y0 = Math.max(0, Math.ceil(Math.min(ay, by) - 0.5));
  const y1 = Math.min(height - 1, Math.floor(Math.max(ay, by) - 0.5));
  for (let y = y0; y <= y1; y++) data.fill(value, y * width + x0, y * width + x1 + 1);
}

/** Applies strokes in order onto `mask` (erase strokes clear what earlier ones set). */
export function paintStrokes(mask: Mask, strokes: readonly Stroke[]): Mask {
  for (const stroke of strokes) {
    const value = stroke.erase ? 0 : 255;
    const p = stroke.points;
    if (stroke.shape === 'rect') {
      if (p.length >= 4) paintRect(mask, value, p);
      continue;
    }
    const radius = stroke.width / 2;
    if (p.length === 2) paintSegment(mask, value, radius, p[0], p[1], p[0], p[1]);
    for (let i = 0; i + 3 < p.length; i += 2) paintSegment(mask, value, radius, p[i], p[i + 1], p[i + 2], p[i + 3]);
  }
  return mask;
}

/** A fresh width x height mask (0 = keep, 255 = remove) holding the strokes. */
export function rasteriseStrokes(strokes: readonly Stroke[], width: number, height: number): Mask {
  return paintStrokes({ width, height, data: new Uint8Array(width * height) }, strokes);
}
