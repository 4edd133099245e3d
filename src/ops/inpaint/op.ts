// The inpaint operation: fill what a mask marks (a PNG, or brush strokes rasterised here).
import { rasteriseStrokes } from '../../core/strokes.ts';
import type { Mask } from '../../core/types.ts';
import { defineOp } from '../op.ts';
import { inpaint, type InpaintOptions } from './index.ts';
import { outcomeOf } from './outcome.ts';
import { inpaintStep } from './step.ts';

export type InpaintParams = InpaintOptions & { mask: Mask };

export const inpaintOp = defineOp({
  step: inpaintStep,
  label: 'Remove (inpaint)',
  changesPixels: true,
  models: ['inpaint'],
  run: (image, { mask, ...options }: InpaintParams, ctx) => inpaint(image, mask, options, ctx),
  params: async (step, io) => ({
    mask: step.strokes ? rasteriseStrokes(io.width, io.height, step.strokes) : await io.loadMask(step.mask!),
    engine: step.engine,
    dilate: step.dilate,
  }),
  outcome: (result) => ({ image: result.image, ...outcomeOf(result.runs) }),
  // A neural engine asked for by name must be installed: opening its session says which file is missing and how to install it.
  requires: (step) => (step.engine === 'lama' || step.engine === 'migan' ? [step.engine] : []),
});
