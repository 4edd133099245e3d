// Limits on what a schema-valid manifest may ask for, checked after the schema so the messages
// can speak about the whole manifest: how many stroke points it makes the rasteriser draw, and
// which characters an identifier printed on terminals and in logs may hold.
import type { Manifest } from './schema.ts';

/**
 * Stroke points (x, y pairs) one manifest may hold across all its inpaint steps. Rasterising
 * costs per segment, by the rows and pixels it covers: on a 12 MP image 100000 brushed points
 * (short segments, 40 px wide) take about 0.7 s, and the worst case, 100000 segments each
 * crossing the image, about 13 s. A 10 MB manifest (some 800000 points) would take minutes.
 */
export const MAX_STROKE_POINTS = 100_000;

/** C0 and C1 control characters and DEL: escape sequences a terminal would act on. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** One line per limit the manifest goes over; empty when it keeps to them all. */
export function limitProblems(manifest: Manifest): string[] {
  const problems: string[] = [];
  const control = manifest.job_id?.match(CONTROL);
  if (control) {
    problems.push(
      `job_id must not contain control characters (found ${codePoint(control[0])} at position ${control.index}); use letters, digits and punctuation`,
    );
  }
  let points = 0;
  for (const step of manifest.steps) {
    if (step.op === 'inpaint' && step.strokes) for (const s of step.strokes) points += s.points.length / 2;
  }
  if (points > MAX_STROKE_POINTS) {
    problems.push(
      `the steps hold ${points} stroke points in all, over the limit of ${MAX_STROKE_POINTS} per manifest; split the job into several manifests, or give large areas as a mask PNG`,
    );
  }
  return problems;
}
