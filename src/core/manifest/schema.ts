// Manifest v1 (design.md section 4): the contract between editor, server and CLI.
// Every op is one row of OP_SCHEMAS; the step union and the types derive from it.
import * as z from 'zod';
import { Dilate, Identifier, MaskPath, must, Region, Sha256, StrokeSchema } from './fields.ts';

export const MANIFEST_TYPE = 'cleanplate.manifest';
export const MANIFEST_VERSION = 1;

const op = <T extends string>(name: T) => z.literal(name);

/** Inpainting engines a manifest may name; 'auto' picks the best installed one. */
export const ENGINES = ['auto', 'patchmatch', 'diffusion', 'migan', 'lama'] as const;

/** Boxes the operator reviewed (kept, adjusted, added), in source pixels. */
const ReviewedBoxes = z
  .array(Region, { error: must('a list of [x0, y0, x1, y1] boxes') })
  .max(10_000, { error: 'must hold at most 10000 boxes' });

export const OP_SCHEMAS = {
  /**
   * Records text boxes; changes no pixel. `boxes` records the boxes the operator accepted in
   * the editor's review (they became mask): when present, replay takes them instead of detecting.
   */
  detect_text: z.strictObject({ op: op('detect_text'), region: Region.optional(), boxes: ReviewedBoxes.optional() }),
  /**
   * Detects text (inside region, or everywhere), masks the boxes and inpaints them. `boxes`
   * records the operator's reviewed boxes: when present, replay uses them instead of detecting.
   */
  remove_text: z.strictObject({
    op: op('remove_text'),
    region: Region.optional(),
    dilate: Dilate.optional(),
    boxes: ReviewedBoxes.optional(),
  }),
  /** Fills a mask given as a PNG (white = remove) or as brush strokes: exactly one of them. */
  inpaint: z
    .strictObject({
      op: op('inpaint'),
      mask: MaskPath.optional(),
      strokes: z
        .array(StrokeSchema, { error: must('a list of strokes') })
        .min(1, { error: 'must hold at least one stroke' })
        .optional(),
      engine: z.enum(ENGINES, { error: must(`one of ${ENGINES.join(', ')}`) }).optional(),
      dilate: Dilate.optional(),
    })
    .refine((s) => (s.mask === undefined) !== (s.strokes === undefined), {
      error: 'needs exactly one of "mask" (a PNG path) or "strokes"',
    }),
  upscale: z.strictObject({
    op: op('upscale'),
    scale: z.union([z.literal(2), z.literal(3), z.literal(4)], { error: must('2, 3 or 4') }),
    model: Identifier('a model').optional(),
  }),
} as const;

export type OpName = keyof typeof OP_SCHEMAS;
export const OP_NAMES = Object.keys(OP_SCHEMAS) as OpName[];

export const StepSchema = z.discriminatedUnion('op', [
  OP_SCHEMAS.detect_text,
  OP_SCHEMAS.remove_text,
  OP_SCHEMAS.inpaint,
  OP_SCHEMAS.upscale,
]);
export type Step = z.infer<typeof StepSchema>;
export type StepOf<K extends OpName> = Extract<Step, { op: K }>;

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
export const RunSchema = z.object({
  step: z.int().min(0),
  op: z.enum(OP_NAMES as [OpName, ...OpName[]]),
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
export type Run = z.infer<typeof RunSchema>;

export const ResultSchema = z.object({
  file: z.string(),
  sha256: Sha256,
  width: Dimension,
  height: Dimension,
  runs: z.array(RunSchema),
});
export type ManifestResult = z.infer<typeof ResultSchema>;

/** A manifest after migration. `type` and `version` are optional on input, always set after parsing. */
export const ManifestSchema = z.object({
  type: z.literal(MANIFEST_TYPE, { error: must(`"${MANIFEST_TYPE}"`) }).default(MANIFEST_TYPE),
  version: z.literal(MANIFEST_VERSION).default(MANIFEST_VERSION),
  job_id: z
    .string({ error: must('a string') })
    .min(1, { error: 'must not be empty' })
    .max(200, { error: 'must be at most 200 characters' })
    .optional(),
  source: SourceSchema.optional(),
  steps: z.array(StepSchema, { error: must('a list of steps') }).max(1000, { error: 'must hold at most 1000 steps' }),
  callback: z.url({ protocol: /^https?$/, error: must('an http(s) URL') }).optional(),
  result: ResultSchema.optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** The manifest written next to a result: what ran, on which source, giving which result. */
export type ExecutedManifest = Manifest & {
  source: { file?: string; sha256: string; width: number; height: number };
  result: ManifestResult;
};
