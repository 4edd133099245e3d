// What a step's run record keeps of a fill: the engines in the order they first ran
// ('diffusion+patchmatch'), and the model and backend when a neural engine ran.
import type { ModelRef } from '../models.ts';
import type { OpOutcome } from '../op.ts';
import type { RegionRun } from './composite.ts';

export function outcomeOf(runs: readonly RegionRun[]): OpOutcome {
  const engines = [...new Set(runs.map((r) => r.engine))];
  const neural = runs.find((r) => r.modelId);
  return {
    ...(engines.length ? { engine: engines.join('+') } : {}),
    ...(neural?.backend ? { backend: neural.backend } : {}),
    ...(neural?.modelId ? { model: { id: neural.modelId, sha256: null } } : {}),
  };
}

/**
 * The record of an op that detects and then fills (remove_text, redact): the fill's engines,
 * the fill's model when a neural one ran, else the first detector; `models` names every model
 * that ran (replay needs them all).
 */
export function detectedAndFilled(detectors: readonly ModelRef[], runs: readonly RegionRun[]): OpOutcome {
  const filled = outcomeOf(runs);
  const models = [...detectors, ...(filled.model ? [filled.model] : [])];
  return { ...filled, model: filled.model ?? models[0], ...(models.length > 1 ? { models } : {}) };
}
