// DBNet post-processing: the probability map of shrunk text kernels -> text boxes in
// source pixels. Binarise, take connected components (8-connected, like OpenCV's outer
// contours), score each by the mean probability inside its box, grow ("unclip") it back
// to the full text extent, and map it to the source rectangle the tensor was made from.
import { keptArrays } from '../../core/kept-planes.ts';
import type { ScoredBox } from '../../core/types.ts';
import type { DetectorView } from './preprocess.ts';

export interface DbParams {
  /** Pixels with probability above this are text kernel. */
  binaryThreshold: number;
  /** Boxes whose score is below this are dropped. */
  boxThreshold: number;
  /**
   * The score: mean probability over the kernel's bounding box ('box', PaddleOCR's fast
   * mode), or over the kernel's own pixels ('kernel', close to its polygon mode: a long
   * line that bends or slants a little is not penalised for the empty corners of its box).
   */
  scoreMode: 'box' | 'kernel';
  /** Unclip distance = area * ratio / perimeter. */
  unclipRatio: number;
  /** Boxes (in tensor pixels) with a shorter side are dropped. */
  minSide: number;
  maxCandidates: number;
}

export const DB_DEFAULTS: DbParams = {
  binaryThreshold: 0.3,
  boxThreshold: 0.6,
  scoreMode: 'box',
  unclipRatio: 1.5,
  minSide: 3,
  maxCandidates: 1000,
};

// kernelComponents' flags and stack, kept from pass to pass (core/kept-planes.ts: a fresh
// buffer's pages cost a fault each, dear in a browser's worker); a detection's passes come in
// a few sizes.
const seenFlags = keptArrays((n) => new Uint8Array(n));
const fillStack = keptArrays((n) => new Int32Array(n));

/**
 * Bounding boxes [x0, y0, x1, y1] (inclusive pixel indices) of the 8-connected kernels, then
 * their mean probability. Flood fill on a typed stack: each pixel is pushed at most once.
 */
function kernelComponents(prob: Float32Array, w: number, h: number, threshold: number): number[][] {
  const seen = seenFlags(0, w * h).fill(0);
  const stack = fillStack(0, w * h);
  const out: number[][] = [];
  for (let start = 0; start < w * h; start++) {
    if (seen[start] || prob[start] <= threshold) continue;
    let x0 = w,
      y0 = h,
      x1 = -1,
      y1 = -1,
      sum = 0,
      count = 0,
      top = 0;
    seen[start] = 1;
    stack[top++] = start;
    while (top > 0) {
      const i = stack[--top];
      const y = (i / w) | 0;
      const x = i - y * w;
      sum += prob[i];
      count++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      const yFrom = y > 0 ? y - 1 : y;
      const yTo = y < h - 1 ? y + 1 : y;
      const xFrom = x > 0 ? x - 1 : x;
      const xTo = x < w - 1 ? x + 1 : x;
      for (let ny = yFrom; ny <= yTo; ny++) {
        for (let j = ny * w + xFrom, end = ny * w + xTo; j <= end; j++) {
          if (!seen[j] && prob[j] > threshold) {
            seen[j] = 1;
            stack[top++] = j;
          }
        }
      }
    }
    out.push([x0, y0, x1, y1, sum / count]);
  }
  return out;
}

function meanInside(prob: Float32Array, w: number, [x0, y0, x1, y1]: number[]): number {
  let sum = 0;
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) sum += prob[y * w + x];
  return sum / ((x1 - x0 + 1) * (y1 - y0 + 1));
}

/**
 * Boxes in source pixels (integers, clipped to the view) from a [1,1,H,W] probability map
 * computed on `view`. The kernel's box uses pixel-edge coordinates (a one-pixel kernel is
 * 1 x 1), so the unclip grows it by the same distance PaddleOCR's polygon offset does.
 */
export function textBoxes(prob: Float32Array, view: DetectorView, params: DbParams = DB_DEFAULTS): ScoredBox[] {
  const w = view.tensorWidth;
  const h = view.tensorHeight;
  const sx = (view.x1 - view.x0) / w;
  const sy = (view.y1 - view.y0) / h;
  const boxes: ScoredBox[] = [];
  const components = kernelComponents(prob, w, h, params.binaryThreshold);
  // Like OpenCV's contour cap, but keeping the largest kernels rather than the first found.
  if (components.length > params.maxCandidates) {
    const area = (b: number[]) => (b[2] - b[0] + 1) * (b[3] - b[1] + 1);
    components.sort((a, b) => area(b) - area(a)).length = params.maxCandidates;
  }
  for (const c of components) {
    const bw = c[2] - c[0] + 1;
    const bh = c[3] - c[1] + 1;
    if (Math.min(bw, bh) < params.minSide) continue;
    const score = params.scoreMode === 'kernel' ? c[4] : meanInside(prob, w, c);
    if (score < params.boxThreshold) continue;
    const d = (bw * bh * params.unclipRatio) / (2 * (bw + bh));
    if (Math.min(bw, bh) + 2 * d < params.minSide + 2) continue;
    const x0 = Math.max(view.x0, Math.round(view.x0 + (c[0] - d) * sx));
    const y0 = Math.max(view.y0, Math.round(view.y0 + (c[1] - d) * sy));
    const x1 = Math.min(view.x1, Math.round(view.x0 + (c[2] + 1 + d) * sx));
    const y1 = Math.min(view.y1, Math.round(view.y0 + (c[3] + 1 + d) * sy));
    if (x1 > x0 && y1 > y0) boxes.push({ box: [x0, y0, x1, y1], score });
  }
  return boxes;
}
