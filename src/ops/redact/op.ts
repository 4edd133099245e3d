// The redact operation: faces and/or text hidden irreversibly (blur, pixelate) or filled.
import { detectedAndFilled } from '../inpaint/outcome.ts';
import { defineOp } from '../op.ts';
import { FACE_MODEL } from './faces.ts';
import { redact, type RedactOptions } from './redact.ts';
import { redactStep } from './step.ts';

export const redactOp = defineOp({
  step: redactStep,
  label: 'Redact',
  changesPixels: true,
  models: ['detect-faces', 'detect-text', 'inpaint'],
  run: (image, options: RedactOptions, ctx) => redact(image, options, ctx),
  params: (step) => ({ targets: step.targets, style: step.style, region: step.region, boxes: step.boxes }),
  outcome: (r) => ({ image: r.image, boxes: r.boxes, leftover: r.leftover, ...detectedAndFilled(r.detectors, r.runs) }),
  // The verification pass always runs a detector; a host recording every run names the face detector then.
  defaultModel: FACE_MODEL,
});
