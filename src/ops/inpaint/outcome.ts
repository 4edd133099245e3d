// What a step's run record keeps of a fill: the engines in the order they first ran
// ('diffusion+patchmatch'), and the model and backend when a neural engine ran.
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
