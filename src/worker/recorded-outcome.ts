// How a step ran, as a manifest's run records it, from what the worker saw run: the model file
// (with its sha256) and the backend. The editor's flows and the worker's replay both use it.
import { MODELS } from '../ops/models.ts';
import type { OpOutcome } from '../ops/op.ts';
import type { JobReport } from './protocol.ts';

type ModelRecord = { id: string; sha256: string | null };

/**
 * The model files a job ran, as a run records them (as the Node host does): `model` is the
 * main one (a neural fill or upscaler before the text detectors that found what to fill),
 * `models` lists every one when more than one ran. Undefined when none ran.
 */
export function reportedModel(report: JobReport): { model: ModelRecord; models?: ModelRecord[] } | undefined {
  const files = report.models.map(({ id, sha256 }) => ({ id, sha256 }));
  if (files.length === 0) return undefined;
  const main = files.find((m) => MODELS.find((e) => e.id === m.id)?.task !== 'detect-text') ?? files[0];
  return { model: main, ...(files.length > 1 ? { models: files } : {}) };
}

/**
 * What the worker says ran: the last model file (with its sha256) and the backend it ran on.
 * Built-in engines (PatchMatch, diffusion) run as plain JavaScript in the worker: 'js'.
 */
export function recordedOutcome<T extends OpOutcome>(value: T, report: JobReport): T {
  const reported = reportedModel(report);
  const model = reported?.model ?? value.model;
  const models = reported?.models ?? value.models;
  return { ...value, backend: report.backend ?? value.backend ?? 'js', ...(model ? { model } : {}), ...(models ? { models } : {}) };
}
