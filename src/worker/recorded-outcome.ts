// How a step ran, as a manifest's run records it, from what the worker saw run: the model file
// (with its sha256) and the backend. The editor's flows and the worker's replay both use it.
import type { OpOutcome } from '../ops/runner.ts';
import type { JobReport } from './protocol.ts';

/** The last model file a job ran (id and sha256), as a run records it; undefined when none ran. */
export function reportedModel(report: JobReport): { model: { id: string; sha256: string | null } } | undefined {
  const file = report.models.at(-1);
  return file && { model: { id: file.id, sha256: file.sha256 } };
}

/**
 * What the worker says ran: the last model file (with its sha256) and the backend it ran on.
 * Built-in engines (PatchMatch, diffusion) run as plain JavaScript in the worker: 'js'.
 */
export function recordedOutcome<T extends OpOutcome>(value: T, report: JobReport): T {
  const model = reportedModel(report)?.model ?? value.model;
  return { ...value, backend: report.backend ?? value.backend ?? 'js', ...(model ? { model } : {}) };
}
