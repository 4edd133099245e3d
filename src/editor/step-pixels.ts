// Which pixels a step's coordinates are in. The history records each operation's step in the
// pixels of the image it ran on (the image after k-fold upscaling, k = 1, 2, 3, 4, 6, ...), as
// the operator drew it; a manifest is in source pixels (design.md section 4), and replay
// multiplies them by k (src/ops/runner.ts). Export must therefore write, for each stroke value
// v, a source value s with s * k === v exactly in floating point: then replay rasterises the
// very mask the live edit did. Drawing keeps points on a grid where such an s always exists
// (sourceGridPoint); a value without one makes its step inexact and the export falls back.
import type { Coordinates } from '../core/manifest/index.ts';
import { coordinatesOf, OP_NAMES, type OpName } from '../ops/manifest.ts';
import type { ManifestStep } from './edits.ts';

type StrokeData = { points: number[]; width: number };

const bits = new Float64Array(1);
const word = new BigInt64Array(bits.buffer);

/** The double `n` steps away from finite `x` (same sign; steps along its bit pattern). */
function ulpStep(x: number, n: number): number {
  bits[0] = x;
  word[0] += BigInt(n);
  return bits[0];
}

/**
 * A source value that replay (s * k) turns back into exactly `v`, or null when no double does.
 * When one exists it lies within two units in the last place of v / k.
 */
export function exactSource(v: number, k: number): number | null {
  const s = v / k;
  if (s * k === v) return s;
  if (!Number.isFinite(s)) return null;
  for (const n of [1, -1, 2, -2]) {
    const t = ulpStep(s, n);
    if (t * k === v) return t;
  }
  return null;
}

/**
 * Where a pointer position `v` (pixels of an image upscaled k-fold) is kept: on the grid of
 * 1/100 source pixel, as a value whose source form is exact (exactSource finds it), so a
 * stroke drawn after an upscale by 3 replays bit for bit. For k = 1 this is 1/100 pixel.
 */
export function sourceGridPoint(v: number, k = 1): number {
  return (Math.round((v / k) * 100) / 100) * k;
}

/** The step's coordinate fields that hold a list or box, as its op declares them (src/ops/<op>/step.ts). */
function coordinateFields(step: ManifestStep): [string, Coordinates[string]][] {
  const declared = (OP_NAMES as readonly string[]).includes(step.op) ? coordinatesOf(step.op as OpName) : {};
  return Object.entries(declared).filter(([field]) => Array.isArray(step[field]));
}

/**
 * A region or box (whole pixels of the image upscaled k-fold) in source pixels: exact multiples
 * of 1/k, or, for a corner with no exact source form, rounded outward to whole source pixels
 * (never covering less).
 */
const shrinkBox = (b: unknown, k: number) => {
  const [x0, y0, x1, y1] = b as number[];
  const exact = [x0, y0, x1, y1].map((v) => exactSource(v, k));
  if (!exact.includes(null)) return exact as number[];
  return [Math.floor(x0 / k), Math.floor(y0 / k), Math.ceil(x1 / k), Math.ceil(y1 / k)];
};

const growBox = (b: unknown, k: number) => (b as number[]).map((v) => v * k);

/**
 * The step in source pixels, from the pixels of an image upscaled k-fold. `exact` is false
 * when a stroke value has no exact source form (see exactSource): it is then the nearest
 * v / k, and replay may rasterise a slightly different mask, so callers that can should
 * record the step's mask instead.
 */
export function toSourceStep(step: ManifestStep, k: number): { step: ManifestStep; exact: boolean } {
  if (k === 1) return { step, exact: true };
  const out: ManifestStep = { ...step };
  let exact = true;
  const source = (v: number) => {
    const s = exactSource(v, k);
    if (s === null) exact = false;
    return s ?? v / k;
  };
  for (const [field, kind] of coordinateFields(step)) {
    const value = step[field];
    if (kind === 'strokes')
      out[field] = (value as StrokeData[]).map((s) => ({ ...s, points: s.points.map(source), width: source(s.width) }));
    else if (kind === 'box') out[field] = shrinkBox(value, k);
    else if (kind === 'boxes') out[field] = (value as unknown[]).map((b) => shrinkBox(b, k));
  }
  return { step: out, exact };
}

type RunBoxes = { boxes?: number[][]; leftover?: number[][] };

/** A run's boxes ([x0, y0, x1, y1, score?]) times `f`: into source pixels (f = 1 / k) or back. */
function scaleRunBoxes<R extends RunBoxes>(run: R, f: number): R {
  if (f === 1) return run;
  const scale = (boxes: number[][]) => boxes.map((b) => b.map((v, i) => (i < 4 ? v * f : v)));
  return { ...run, ...(run.boxes ? { boxes: scale(run.boxes) } : {}), ...(run.leftover ? { leftover: scale(run.leftover) } : {}) };
}

/** The run as a manifest records it (boxes in source pixels), from the pixels of an image upscaled k-fold. */
export const runInSource = <R extends RunBoxes>(run: R, k: number): R => scaleRunBoxes(run, 1 / k);

/** The run in the pixels of an image upscaled k-fold, as the history records it. */
export const runInImage = <R extends RunBoxes>(run: R, k: number): R => scaleRunBoxes(run, k);

/** The step in the pixels of an image upscaled k-fold, as replay runs it (values times k). */
export function toImageStep(step: ManifestStep, k: number): ManifestStep {
  if (k === 1) return step;
  const out: ManifestStep = { ...step };
  for (const [field, kind] of coordinateFields(step)) {
    const value = step[field];
    if (kind === 'strokes')
      out[field] = (value as StrokeData[]).map((s) => ({ ...s, points: s.points.map((v) => v * k), width: s.width * k }));
    else if (kind === 'box') out[field] = growBox(value, k);
    else if (kind === 'boxes') out[field] = (value as unknown[]).map((b) => growBox(b, k));
  }
  return out;
}
