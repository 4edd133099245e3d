// What a client sees of a job: its state, attempts, progress per step, timings, callback
// deliveries and links. The record's internals (its idempotency key, file places) stay inside.
import type { JobRecord } from '../jobs/types.ts';

export const jobPath = (id: string) => `/jobs/${encodeURIComponent(id)}`;

export function jobLinks(job: JobRecord) {
  const self = jobPath(job.id);
  return { self, result: `${self}/result`, manifest: `${self}/manifest`, events: `${self}/events` };
}

const span = (from?: string, to?: string) => (from && to ? Date.parse(to) - Date.parse(from) : undefined);

export function jobView(job: JobRecord) {
  return {
    job_id: job.id,
    state: job.state,
    ...(job.error ? { error: job.error } : {}),
    ...(job.review_reasons ? { review_reasons: job.review_reasons } : {}),
    image: job.image,
    ...(job.masks.length ? { masks: job.masks } : {}),
    steps: job.manifest.steps.length,
    progress: job.progress,
    attempts: job.attempts,
    max_attempts: job.max_attempts,
    timeout_s: job.timeout_ms / 1000,
    timings: {
      submitted_at: job.submitted_at,
      ...(job.started_at ? { started_at: job.started_at } : {}),
      ...(job.finished_at ? { finished_at: job.finished_at } : {}),
      ...(job.retry_at ? { retry_at: job.retry_at } : {}),
      ...(job.expired_at ? { expired_at: job.expired_at } : {}),
      queued_ms: span(job.submitted_at, job.started_at),
      total_ms: span(job.submitted_at, job.finished_at),
    },
    ...(job.callback ? { callback: job.callback } : {}),
    links: jobLinks(job),
  };
}
