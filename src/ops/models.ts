// The model registry (models/models.json) as typed data: the one type every layer uses.
// It lives in ops because the ops name their models, and every host (runtime, worker, server,
// CLI) may import ops; core knows no model.
import registryJson from '../../models/models.json';

export type ModelTask = 'detect-text' | 'upscale' | 'inpaint';

export interface ModelEntry {
  id: string;
  task: ModelTask;
  file: string;
  /** null for models whose exact upstream file we could not pin (user-installed). */
  sha256: string | null;
  bytes: number;
  licence: string;
  upstream: string;
  label?: string;
  default?: boolean;
  scale?: number;
  precision?: 'fp32' | 'fp16';
  /** For fp16 files: the fp32 model with the same weights. */
  fp32Twin?: string;
  io: { inputs: Record<string, string>; outputs: Record<string, string> };
}

export const MODELS: readonly ModelEntry[] = (registryJson as unknown as { models: ModelEntry[] }).models;

export function modelById(id: string): ModelEntry {
  const m = MODELS.find((e) => e.id === id);
  if (!m) throw new Error(`Unknown model "${id}". Known models: ${MODELS.map((e) => e.id).join(', ')}.`);
  return m;
}

export function defaultModel(task: ModelTask): ModelEntry {
  const m = MODELS.find((e) => e.task === task && e.default);
  if (!m) throw new Error(`No default model for task ${task}`);
  return m;
}

/** How a run names its model in the manifest (`result.runs[].model`). */
export interface ModelRef {
  id: string;
  sha256: string | null;
}

export function modelRef(id: string): ModelRef {
  return { id, sha256: MODELS.find((m) => m.id === id)?.sha256 ?? null };
}
