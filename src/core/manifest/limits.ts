// Limits on what a schema-valid manifest may ask for, checked after the schema so the messages
// can speak about the whole manifest: how many stroke points it makes the rasteriser draw, and
// which characters an identifier printed on terminals and in logs may hold.

/** What the limits read of a parsed manifest: any step's `strokes` (core names no operation). */
interface Limited {
  job_id?: string;
  steps: readonly object[];
}

const strokePoints = (step: object): number => {
  const strokes = (step as { strokes?: unknown }).strokes;
  if (!Array.isArray(strokes)) return 0;
  return strokes.reduce((n: number, s: { points?: unknown }) => n + (Array.isArray(s?.points) ? s.points.length / 2 : 0), 0);
};

/**
 * Stroke points (x, y pairs) one manifest may hold across all its steps' strokes. Rasterising
 * costs per segment, by the rows and pixels it covers: on a 12 MP image 100000 brushed points
 * (short segments, 40 px wide) take about 0.7 s, and the worst case, 100000 segments each
 * crossing the image, about 13 s. A 10 MB manifest (some 800000 points) would take minutes.
 */
export const MAX_STROKE_POINTS = 100_000;

/** C0 and C1 control characters and DEL: escape sequences a terminal would act on. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** One line per limit the manifest goes over; empty when it keeps to them all. */
export function limitProblems(manifest: Limited): string[] {
  const problems: string[] = [];
  const control = manifest.job_id?.match(CONTROL);
  if (control) {
    problems.push(
      `job_id must not contain control characters (found ${codePoint(control[0])} at position ${control.index}); use letters, digits and punctuation`,
    );
  }
  const points = manifest.steps.reduce((n, step) => n + strokePoints(step), 0);
  if (points > MAX_STROKE_POINTS) {
    problems.push(
      `the steps hold ${points} stroke points in all, over the limit of ${MAX_STROKE_POINTS} per manifest; split the job into several manifests, or give large areas as a mask PNG`,
    );
  }
  return problems;
}
