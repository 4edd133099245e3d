// Manifest v1 (design.md section 4): the contract between editor, server and CLI. This is the
// envelope (type, version, source, steps, callback, result); the steps' own schemas belong to
// the operations (src/ops/<op>/step.ts) and come in through defineManifest (define.ts), so core
// names no operation.
import * as z from 'zod';
import { Callback, must, Sha256 } from './fields.ts';

export const MANIFEST_TYPE = 'cleanplate.manifest';
export const MANIFEST_VERSION = 1;

const Dimension = z.int({ error: must('a whole number of pixels') }).positive({ error: 'must be a positive number of pixels' });

export const SourceSchema = z.object({
  file: z.string({ error: must('a file name') }).optional(),
  sha256: Sha256.optional(),
  width: Dimension.optional(),
  height: Dimension.optional(),
});

const ScoredBoxTuple = z.union([
  z.tuple([z.number(), z.number(), z.number(), z.number()]),
  z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]),
]);

const ModelRecord = z.object({ id: z.string(), sha256: z.string().nullable() });

/** What executing one step did: which engine/model/backend ran it and how long it took. */
export function runSchema<const Op extends string>(opNames: readonly [Op, ...Op[]]) {
  return z.object({
    step: z.int().min(0),
    op: z.enum(opNames),
    engine: z.string().optional(),
    /** The runtime the step's model ran on: onnxruntime's execution provider ('webgpu', 'wasm', 'cpu'), or 'js' when no model ran. */
    backend: z.string().optional(),
    ms: z.number().min(0),
    model: ModelRecord.optional(),
    /** Every model file the step ran, in order, when more than one (text detection runs two detectors). */
    models: z.array(ModelRecord).optional(),
    /** Detected boxes in source pixels, [x0, y0, x1, y1, score]. */
    boxes: z.array(ScoredBoxTuple).optional(),
    /** Text still detected after remove_text filled the boxes: a person should look. */
    leftover: z.array(ScoredBoxTuple).optional(),
    /** Pixels remove_text changed farther than 8 px from every text box (should be none): a person should look. */
    changed_outside: z.int().min(0).optional(),
  });
}

/** A manifest after migration, around a step schema. `type` and `version` are optional on input, always set after parsing. */
export function manifestSchema<Step extends z.ZodType, Run extends z.ZodType>(step: Step, run: Run) {
  return z.object({
    type: z.literal(MANIFEST_TYPE, { error: must(`"${MANIFEST_TYPE}"`) }).default(MANIFEST_TYPE),
    version: z.literal(MANIFEST_VERSION).default(MANIFEST_VERSION),
    job_id: z
      .string({ error: must('a string') })
      .min(1, { error: 'must not be empty' })
      .max(200, { error: 'must be at most 200 characters' })
      .optional(),
    source: SourceSchema.optional(),
    steps: z.array(step, { error: must('a list of steps') }).max(1000, { error: 'must hold at most 1000 steps' }),
    callback: Callback.optional(),
    /** The uploader asks for a person's eyes: the job ends in needs_review until a reviewer decides. */
    review: z.boolean({ error: must('true or false') }).optional(),
    result: z
      .object({
        file: z.string(),
        sha256: Sha256,
        width: Dimension,
        height: Dimension,
        runs: z.array(run),
      })
      .optional(),
  });
}
