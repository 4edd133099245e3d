// The model registry as the ops see it (ops cannot import runtime/): ids, tasks, scales
// and sha256, read from the same models/models.json the hosts use.
import registryJson from '../../models/models.json';

export interface OpModelEntry {
  id: string;
  task: string;
  label?: string;
  scale?: number;
  precision?: string;
  sha256: string | null;
}

export const OP_MODELS: readonly OpModelEntry[] = (registryJson as { models: OpModelEntry[] }).models;

/** How a run names its model in the manifest (`result.runs[].model`). */
export interface ModelRef {
  id: string;
  sha256: string | null;
}

export function modelRef(id: string): ModelRef {
  return { id, sha256: OP_MODELS.find((m) => m.id === id)?.sha256 ?? null };
}
