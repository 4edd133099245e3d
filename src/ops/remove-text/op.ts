// The remove_text operation: detect (or take the reviewed boxes), mask, fill, check again.
import { DEFAULT_DETECT_MODEL } from '../detect-text/detect.ts';
import { detectedAndFilled } from '../inpaint/outcome.ts';
import { defineOp } from '../op.ts';
import { removeText, type RemoveTextOptions } from './remove-text.ts';
import { removeTextStep } from './step.ts';

export const removeTextOp = defineOp({
  step: removeTextStep,
  label: 'Remove text',
  changesPixels: true,
  models: ['detect-text', 'inpaint'],
  run: (image, options: RemoveTextOptions, ctx) => removeText(image, options, ctx),
  params: (step) => ({ region: step.region, dilate: step.dilate, boxes: step.boxes }),
  outcome: (r) => ({
    image: r.image,
    boxes: r.boxes,
    leftover: r.leftover,
    changedOutside: r.changedOutside,
    ...detectedAndFilled(r.detectors, r.runs),
  }),
  // The detector always runs unless reviewed boxes were given; a host recording every run names it then too.
  defaultModel: DEFAULT_DETECT_MODEL,
});
