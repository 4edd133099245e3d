// The remove_text operation: detect (or take the reviewed boxes), mask, fill, check again.
import { DEFAULT_DETECT_MODEL } from '../detect-text/detect.ts';
import { outcomeOf } from '../inpaint/outcome.ts';
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
  outcome: (r) => {
    const filled = outcomeOf(r.runs);
    // The record names the fill's model when a neural one ran, else the detector; `models` lists every one that ran.
    const models = [...r.detectors, ...(filled.model ? [filled.model] : [])];
    return {
      image: r.image,
      boxes: r.boxes,
      leftover: r.leftover,
      changedOutside: r.changedOutside,
      ...filled,
      model: filled.model ?? models[0],
      ...(models.length > 1 ? { models } : {}),
    };
  },
  // The detector always runs unless reviewed boxes were given; a host recording every run names it then too.
  defaultModel: DEFAULT_DETECT_MODEL,
});
