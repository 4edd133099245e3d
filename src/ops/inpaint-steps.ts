// The inpaint and remove_text ops in the manifest runner's shape (StepOps): what ran is
// summarised for the step's run record. Hosts (worker, server, CLI) put these in their ops.
import type { OpOutcome, StepOps } from './runner.ts';
import { inpaint, type RegionRun } from './inpaint/index.ts';
import { removeText } from './remove-text/remove-text.ts';

/** Engines in the order they first ran ('diffusion+patchmatch'), the model and backend if neural. */
export function outcomeOf(runs: readonly RegionRun[]): OpOutcome {
  const engines = [...new Set(runs.map((r) => r.engine))];
  const neural = runs.find((r) => r.modelId);
  return {
    ...(engines.length ? { engine: engines.join('+') } : {}),
    ...(neural?.backend ? { backend: neural.backend } : {}),
    ...(neural?.modelId ? { model: { id: neural.modelId, sha256: null } } : {}),
  };
}

export const inpaintStep: StepOps['inpaint'] = async (image, mask, options, ctx) => {
  const { image: out, runs } = await inpaint(image, mask, { engine: options.engine, dilate: options.dilate }, ctx);
  return { image: out, ...outcomeOf(runs) };
};

export const removeTextStep: StepOps['remove_text'] = async (image, options, ctx) => {
  const r = await removeText(image, { region: options.region, dilate: options.dilate, boxes: options.boxes }, ctx);
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
};
