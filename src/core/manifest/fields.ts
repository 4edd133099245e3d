// Field schemas shared by the manifest's ops. Each error text completes the sentence
// "<field> ...", so a formatted issue reads "step 2 (upscale): scale must be 2, 3 or 4".
import * as z from 'zod';
import { maskPathProblem } from './mask-path.ts';

/** An error callback for zod: "is required" when absent, otherwise "must be <expected>". */
export function must(expected: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${expected}`);
}

const pixel = z
  .number({ error: must('a number of pixels') })
  .refine(Number.isFinite, { error: 'must be a finite number' })
  .min(0, { error: 'must not be negative' });

/**
 * [x0, y0, x1, y1] in source pixels; right and bottom edges exclusive. Whole pixels of the image
 * the step runs on: whole source pixels, or after an upscale by k, multiples of 1/k (the runner
 * multiplies by k and refuses anything else), so a region drawn on the larger image replays exactly.
 */
export const Region = z
  .tuple([pixel, pixel, pixel, pixel], { error: must('[x0, y0, x1, y1], four pixel numbers') })
  .refine(([x0, , x1]) => x1 > x0, { error: 'must have x1 > x0 ([x0, y0, x1, y1])' })
  .refine(([, y0, , y1]) => y1 > y0, { error: 'must have y1 > y0 ([x0, y0, x1, y1])' });

/** Mask growth in pixels before filling, so halos and shadow edges go too. */
export const Dilate = z
  .int({ error: must('a whole number of pixels') })
  .min(0, { error: 'must be between 0 and 64' })
  .max(64, { error: 'must be between 0 and 64' });

/** A PNG path relative to the manifest's folder that never leaves it. */
export const MaskPath = z.string({ error: must('a relative path to a PNG file') }).superRefine((path, ctx) => {
  const problem = maskPathProblem(path);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A brush gesture, exactly the core Stroke contract (src/core/types.ts). */
export const StrokeSchema = z
  .strictObject(
    {
      points: z
        .array(z.number({ error: must('a number') }).refine(Number.isFinite, { error: 'must be a finite number' }), {
          error: must('a flat list [x, y, x, y, ...]'),
        })
        .min(2, { error: 'must hold at least one point [x, y]' })
        .refine((p) => p.length % 2 === 0, { error: 'must hold x, y pairs (an even count)' }),
      width: z
        .number({ error: must('a positive number of pixels') })
        .positive({ error: 'must be a positive number of pixels' })
        .max(10_000, { error: 'must be at most 10000 pixels' }),
      erase: z.boolean({ error: must('true or false') }).optional(),
      shape: z.enum(['line', 'rect'], { error: must('"line" or "rect"') }).optional(),
    },
    { error: must('an object {points, width, erase?, shape?}') },
  )
  .refine((s) => s.shape !== 'rect' || s.points.length === 4, { error: 'must be [x0, y0, x1, y1] for a rect stroke', path: ['points'] });

/** Free-form identifiers (engine names, model ids): short, printable, no paths. */
export const Identifier = (what: string) =>
  z
    .string({ error: must(`${what} name`) })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: `must be ${what} name (letters, digits, . _ -)` });

export const Sha256 = z
  .string({ error: must('a sha256 hex digest') })
  .regex(/^[0-9a-f]{64}$/, { error: 'must be a sha256 hex digest (64 lowercase hex digits)' });

/**
 * Where a job's outcome is posted: an http(s) URL, or a path ("/internal/jobs/callback") that
 * the server resolves against its configured base URL. The manifest only records it: the CLI
 * never calls it, and the server decides which hosts it may reach.
 */
export const Callback = z.union(
  [
    z.url({ protocol: /^https?$/ }),
    z
      .string()
      .max(2000)
      .regex(/^\/(?!\/)[^\s\\]*$/),
  ],
  { error: must('an http(s) URL or a path starting with "/"') },
);
