// The detect_text operation: text boxes with scores, and the detectors that found them.
import { defineOp } from '../op.ts';
import { detectText, type DetectTextOptions } from './detect.ts';
import { detectTextStep } from './step.ts';

export const detectTextOp = defineOp({
  step: detectTextStep,
  label: 'Detect text',
  changesPixels: false,
  models: ['detect-text'],
  run: (image, options: DetectTextOptions, ctx) => detectText(image, options, ctx),
  params: (step) => ({ region: step.region }),
  outcome: (result) => result,
});
