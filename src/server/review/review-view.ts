// What the review queue shows of a job: pictures first (links to its source and result
// thumbnails, the change heatmap, the leftover boxes to draw in red), then the words (why it is
// in review, since when, who decided what before). Read from the job's record and its
// executed manifest, which holds the leftover boxes each check found.
import { existsSync, readFileSync } from 'node:fs';
import type { ExecutedManifest, Manifest } from '../../ops/manifest.ts';
import type { JobQueue, JobRecord } from '../jobs/types.ts';

export const reviewPath = (id: string) => `/review/jobs/${encodeURIComponent(id)}`;

/** A box a check still found something in after a step (source pixels). */
export interface LeftoverBox {
  step: number;
  op: string;
  box: [number, number, number, number];
  score?: number;
}

export function readExecuted(queue: JobQueue, job: JobRecord): ExecutedManifest | undefined {
  const { executed } = queue.files(job.id);
  if (!existsSync(executed)) return undefined;
  try {
    return JSON.parse(readFileSync(executed, 'utf8')) as ExecutedManifest;
  } catch {
    return undefined;
  }
}

export function leftoverBoxes(executed: ExecutedManifest | undefined): LeftoverBox[] {
  return (executed?.result?.runs ?? []).flatMap((r) =>
    (r.leftover ?? []).map((b) => ({
      step: r.step,
      op: r.op,
      box: [b[0], b[1], b[2], b[3]] as [number, number, number, number],
      ...(b.length > 4 ? { score: b[4] } : {}),
    })),
  );
}

export function reviewItem(queue: JobQueue, job: JobRecord) {
  const executed = readExecuted(queue, job);
  const hasResult = !job.expired_at && existsSync(queue.files(job.id).result);
  const self = reviewPath(job.id);
  return {
    job_id: job.id,
    state: job.state,
    submitted_at: job.submitted_at,
    /** When it entered review (the attempt ended). */
    ...(job.finished_at ? { in_review_since: job.finished_at } : {}),
    review_reasons: job.review_reasons ?? [],
    ...(job.error ? { error: job.error } : {}),
    steps: job.manifest.steps.map((s) => s.op),
    attempts: job.attempts.length,
    ...(executed?.source?.width ? { source_size: { width: executed.source.width, height: executed.source.height } } : {}),
    ...(executed?.result ? { result_size: { width: executed.result.width, height: executed.result.height } } : {}),
    has_result: hasResult,
    leftover: leftoverBoxes(executed),
    reviews: job.reviews ?? [],
    links: {
      self,
      source: `${self}/source`,
      ...(hasResult ? { result: `${self}/result`, diff: `${self}/diff` } : {}),
      editor: `${self}/editor`,
      decision: `${self}/decision`,
      send_back: `${self}/send-back`,
      job: `/jobs/${encodeURIComponent(job.id)}`,
    },
  };
}

export type ReviewItem = ReturnType<typeof reviewItem>;

/**
 * The manifest the editor opens a job with: the steps as they ran, each detecting step carrying
 * the boxes it found on the server (so the browser fills exactly those, not what it would
 * detect itself), without the result or the decisions (the editor's export adds its own).
 */
export function editorManifest(job: JobRecord, executed: ExecutedManifest | undefined): Manifest {
  const base = executed ?? job.manifest;
  const runs = executed?.result?.runs ?? [];
  const steps = base.steps.map((step, i) => {
    if ((step.op !== 'remove_text' && step.op !== 'redact') || step.boxes) return step;
    const run = runs.find((r) => r.step === i);
    if (!run?.boxes) return step;
    return { ...step, boxes: run.boxes.map((b) => [b[0], b[1], b[2], b[3]] as [number, number, number, number]) };
  });
  const { result: _r, reviews: _d, review: _q, ...rest } = base as Manifest & { reviews?: unknown };
  return { ...rest, steps } as Manifest;
}
