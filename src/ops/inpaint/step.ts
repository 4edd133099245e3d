// The inpaint manifest step: fills a mask given as a PNG (white = remove) or as brush
// strokes, exactly one of them.
import * as z from 'zod';
import { Dilate, MaskPath, must, StrokeSchema, type StepDeclaration } from '../../core/manifest/index.ts';

/** Mask growth in pixels at most when a step or request names none: halos and shadow edges go too (halo.ts). */
export const DEFAULT_DILATE = 4;

/** Inpainting engines a manifest may name; 'auto' picks the best installed one. */
export const ENGINES = ['auto', 'patchmatch', 'diffusion', 'biharmonic', 'transport', 'migan', 'lama'] as const;

const schema = z
  .strictObject({
    op: z.literal('inpaint'),
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
  });

export const inpaintStep = {
  op: 'inpaint',
  schema,
  coordinates: { mask: 'mask-file', strokes: 'strokes' },
} as const satisfies StepDeclaration<'inpaint', typeof schema>;
