// The upscale operation: x2, x3 or x4 with a super-resolution model.
import { defineOp } from '../op.ts';
import { upscale, type UpscaleOptions } from './upscale.ts';
import { upscaleStep } from './step.ts';

export const upscaleOp = defineOp({
  step: upscaleStep,
  label: 'Upscale',
  changesPixels: true,
  models: ['upscale'],
  run: (image, options: UpscaleOptions, ctx) => upscale(image, options, ctx),
  params: (step) => ({ scale: step.scale, model: step.model }),
  outcome: (result) => result,
});
