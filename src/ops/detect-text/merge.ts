// Joins the detections of several passes (two scales, overlapping tiles) into one list of
// boxes in source pixels.
import type { Box, ScoredBox } from '../../core/types.ts';
import { boxArea, coveredFraction } from './coverage.ts';

/** A box and the pass (tile) that found it; `look` when that pass saw one of the photo's looks. */
export interface PassBox extends ScoredBox {
  pass: number;
  look?: boolean;
}

/**
 * Looks are there for the text the photo's own passes miss. Where those already found a
 * line, their box is the tighter one (a look stretches contrast, and its kernels come out
 * fatter): a look's box that photo boxes cover half or more of adds nothing, and is left out.
 * Nor does one around a photo line that spans most of its width at a fraction of its height:
 * that is the line fattened by the texture around it (grass stalks crossing a small serif
 * caption, read by the darker look at half scale as one block 5x the caption's height, whose
 * fill then took the stalks).
 */
function lookAdds(b: PassBox, photoBoxes: readonly Box[]): boolean {
  return !b.look || (coveredFraction(b.box, photoBoxes) < 0.5 && !photoBoxes.some((p) => fattenedLine(b.box, p)));
}

/** A look box this many times taller than a photo line it holds, or more, holds nothing but that line and texture. */
const FATTENED = 2.5;
/** ...when the line spans at least this share of the look box's length. */
const SPANS = 0.8;

/** Whether `look` is the photo box `line` fattened (see lookAdds): about its place along the line, FATTENED times its height. */
function fattenedLine(look: Box, line: Box): boolean {
  const horizontal = line[2] - line[0] >= line[3] - line[1];
  const [l0, l1, a0, a1] = horizontal ? [look[0], look[2], look[1], look[3]] : [look[1], look[3], look[0], look[2]];
  const [p0, p1, b0, b1] = horizontal ? [line[0], line[2], line[1], line[3]] : [line[1], line[3], line[0], line[2]];
  const along = Math.min(l1, p1) - Math.max(l0, p0);
  const inside = b0 >= a0 && b1 <= a1;
  return inside && along >= SPANS * (l1 - l0) && a1 - a0 >= FATTENED * (b1 - b0);
}

/**
 * Two boxes show the same text line when they intersect and share most of their height.
 * Boxes of one line have about the same height at every scale (the unclip grows a kernel
 * in proportion to it); a box much taller than another is a block of several lines seen
 * at a coarse scale, and is not joined with the single lines inside it.
 */
export function sameLine(a: Box, b: Box): boolean {
  const intersects = a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  if (!intersects) return false;
  const overlap = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return overlap >= 0.6 * Math.max(a[3] - a[1], b[3] - b[1]);
}

/** Drops boxes that others already cover (>= 90%), largest first, so one of two equal boxes stays. */
function dropCovered(boxes: ScoredBox[]): ScoredBox[] {
  const kept = [...boxes].sort((a, b) => boxArea(b.box) - boxArea(a.box));
  for (let i = 0; i < kept.length;) {
    const others = kept.filter((_, j) => j !== i).map((k) => k.box);
    if (coveredFraction(kept[i].box, others) >= 0.9) kept.splice(i, 1);
    else i++;
  }
  return kept;
}

/**
 * One text line is found once per scale, and by overlapping tiles whole in two tiles or
 * cut by a tile edge into pieces. Boxes from different passes that intersect on the same
 * line are the same text: they are joined into their union. Boxes of one pass are never
 * joined (the detector already separated them). Looks' boxes only join where they add
 * something (see lookAdds). Last, boxes that the rest cover are dropped
 * (a coarse block of lines that the finer passes found line by line).
 */
export function mergePasses(found: readonly PassBox[]): ScoredBox[] {
  const photoBoxes = found.filter((b) => !b.look).map((b) => b.box);
  const boxes = found.filter((b) => lookAdds(b, photoBoxes));
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
  return dropCovered([...groups.values()]);
}
