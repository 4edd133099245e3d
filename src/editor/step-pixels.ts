// Which pixels a step's coordinates are in. The history records each operation's step in the
// pixels of the image it ran on (the edit's `before`), as the operator drew it; a manifest is
// in source pixels (design.md section 4). After an upscale by k the two differ by k, so export
// divides and replay multiplies (exact for the power-of-two factors 2 and 4).
import type { ManifestStep } from './edits.ts';

/** Boxes are whole pixels in a manifest: scaled down, they round outward (never cover less). */
const scaleBox = (b: unknown, k: number) => {
  const [x0, y0, x1, y1] = b as number[];
  return [Math.floor(x0 * k), Math.floor(y0 * k), Math.ceil(x1 * k), Math.ceil(y1 * k)];
};

/** The step with strokes, region and boxes multiplied by `k` (the same step when k is 1); exact for boxes when k > 1. */
export function scaleStep(step: ManifestStep, k: number): ManifestStep {
  if (k === 1) return step;
  const out: ManifestStep = { ...step };
  if (Array.isArray(step.strokes)) {
    out.strokes = (step.strokes as { points: number[]; width: number }[]).map((s) => ({ ...s, points: s.points.map((v) => v * k), width: s.width * k }));
  }
  if (Array.isArray(step.region)) out.region = scaleBox(step.region, k);
  if (Array.isArray(step.boxes)) out.boxes = (step.boxes as unknown[]).map((b) => scaleBox(b, k));
  return out;
}
