// How much of a box other boxes cover, counting overlaps among them once. Used to merge
// detections from several passes and by the detection eval (recall/precision rules).
import type { Box } from '../../core/types.ts';

const area = (b: Box) => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);

/** Fraction (0..1) of `box`'s area that lies inside the union of `others`. */
export function coveredFraction(box: Box, others: readonly Box[]): number {
  const total = area(box);
  if (total === 0) return 0;
  const clipped: Box[] = [];
  for (const o of others) {
    const c: Box = [Math.max(box[0], o[0]), Math.max(box[1], o[1]), Math.min(box[2], o[2]), Math.min(box[3], o[3])];
    if (c[2] > c[0] && c[3] > c[1]) clipped.push(c);
  }
  if (clipped.length === 0) return 0;
  // Exact union area on the grid of the clipped boxes' edges.
  const xs = [...new Set(clipped.flatMap((c) => [c[0], c[2]]))].sort((a, b) => a - b);
  const ys = [...new Set(clipped.flatMap((c) => [c[1], c[3]]))].sort((a, b) => a - b);
  let covered = 0;
  for (let i = 0; i + 1 < xs.length; i++) {
    for (let j = 0; j + 1 < ys.length; j++) {
      const cx = (xs[i] + xs[i + 1]) / 2;
      const cy = (ys[j] + ys[j + 1]) / 2;
      if (clipped.some((c) => cx > c[0] && cx < c[2] && cy > c[1] && cy < c[3])) covered += (xs[i + 1] - xs[i]) * (ys[j + 1] - ys[j]);
    }
  }
  return covered / total;
}

export function boxArea(b: Box): number {
  return area(b);
}
