// The upscale manifest step: enlarges x2, x3 or x4 with a model (default: see pickUpscaleModel).
// Later steps' coordinates stay in source pixels; the runner scales them.
import * as z from 'zod';
import { Identifier, must, type StepDeclaration } from '../../core/manifest/index.ts';

const schema = z.strictObject({
  op: z.literal('upscale'),
  scale: z.union([z.literal(2), z.literal(3), z.literal(4)], { error: must('2, 3 or 4') }),
  model: Identifier('a model').optional(),
});

export const upscaleStep = {
  op: 'upscale',
  schema,
  coordinates: {},
} as const satisfies StepDeclaration<'upscale', typeof schema>;
