// Joins the detections of several passes (two scales, overlapping tiles) into one list of
// boxes in source pixels.
import type { Box, ScoredBox } from '../../core/types.ts';

/** A box and the pass (tile) that found it. */
export interface PassBox extends ScoredBox {
  pass: number;
}

function sameLine(a: Box, b: Box): boolean {
  const intersects = a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  if (!intersects) return false;
  const overlap = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return overlap >= 0.5 * Math.min(a[3] - a[1], b[3] - b[1]);
}

/**
 * One text line is found once per scale, and by overlapping tiles whole in two tiles or
 * cut by a tile edge into pieces. Boxes from different passes that intersect on the same
 * line are the same text: they are joined into their union. Boxes of one pass are never
 * joined (the detector already separated them).
 */
export function mergePasses(boxes: readonly PassBox[]): ScoredBox[] {
  const parent = boxes.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      if (boxes[i].pass !== boxes[j].pass && sameLine(boxes[i].box, boxes[j].box)) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, ScoredBox>();
  boxes.forEach((b, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (!g) groups.set(root, { box: [...b.box], score: b.score });
    else {
      g.box = [Math.min(g.box[0], b.box[0]), Math.min(g.box[1], b.box[1]), Math.max(g.box[2], b.box[2]), Math.max(g.box[3], b.box[3])];
      g.score = Math.max(g.score, b.score);
    }
  });
  return [...groups.values()];
}
