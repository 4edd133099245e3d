// The job server's records and the queue contract the HTTP routes talk to. The embedded
// queue (file store + worker processes) implements it, and the BullMQ queue on Redis
// (bull-queue.ts, which extends it) too, so the routes do not know which one runs.
import type { Manifest } from '../../ops/manifest.ts';

export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'needs_review', 'rejected', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];
/**
 * needs_review is terminal for the machine (nothing more runs by itself); a reviewer moves it
 * on: approved -> done, rejected -> rejected, sent back -> queued (the next attempt).
 */
export const TERMINAL_STATES: readonly JobState[] = ['done', 'failed', 'needs_review', 'rejected', 'cancelled'];
export const isTerminal = (s: JobState) => TERMINAL_STATES.includes(s);

import type { AttemptOutcome } from '../../node/job-protocol.ts';

export type { AttemptOutcome };

export interface AttemptRecord {
  number: number;
  started_at: string;
  finished_at?: string;
  ms?: number;
  outcome?: AttemptOutcome;
  error?: string;
  /** The worker process that ran it (to tell one attempt's process from another's). */
  worker_pid?: number;
  /** With BullMQ: the `cleanplate worker` that ran it, as host:pid. */
  worker?: string;
}

export interface StepProgress {
  step: number;
  op: string;
  state: 'pending' | 'running' | 'done';
  /** 0..1 within the step, from the op's own progress reports. */
  fraction: number;
  stage?: string;
  ms?: number;
}

export interface DeliveryRecord {
  attempt: number;
  /** The message delivered (a job ends once, and again after each reviewer's decision). */
  webhook_id?: string;
  at: string;
  url: string;
  /** HTTP status answered, when one was. */
  status?: number;
  ok: boolean;
  error?: string;
}

export interface CallbackRecord {
  /** As written in the manifest. */
  target: string;
  /** The URL actually called (relative targets resolved against the base URL), when callable. */
  url?: string;
  /** Standard Webhooks message id: the same across the retries of one delivery. */
  webhook_id?: string;
  state: 'pending' | 'delivered' | 'failed' | 'not_called';
  /** Why it was not called or gave up. */
  reason?: string;
  next_at?: string;
  deliveries: DeliveryRecord[];
}

export interface InputFile {
  /** The file's name inside the job's input folder (the manifest's mask paths, or the image's name). */
  name: string;
  sha256: string;
  bytes: number;
}

export interface JobRecord {
  id: string;
  state: JobState;
  /** job_id + sha256 of the image + sha256 of the manifest's content: the same key returns the same job. */
  key: string;
  manifest: Manifest;
  image: InputFile;
  /** Mask files the manifest names, uploaded with the job. */
  masks: InputFile[];
  /** The result's file name in the job's folder (format follows the image). */
  result_file: string;
  timeout_ms: number;
  max_attempts: number;
  attempts: AttemptRecord[];
  progress: StepProgress[];
  /** Why a person should look (retry budget spent, text left after remove_text...). */
  review_reasons?: string[];
  error?: string;
  submitted_at: string;
  started_at?: string;
  finished_at?: string;
  /** When a waiting retry may start. */
  retry_at?: string;
  /** Set when the result files were removed after the configured time. */
  expired_at?: string;
  callback?: CallbackRecord;
  /** Every reviewer's decision on this job, oldest first (also written into the executed manifest). */
  reviews?: ReviewRecord[];
}

/** What a reviewer decided about a job in needs_review. */
export type ReviewDecision = 'approved' | 'rejected' | 'sent_back';

/** One decision, as kept in the job, its executed manifest and the audit log. */
export interface ReviewRecord {
  decision: ReviewDecision;
  /** The name of the reviewer's token (CLEANPLATE_TOKENS "name:token:reviewer"). */
  reviewer: string;
  at: string;
  /** Required for rejected; optional otherwise. */
  reason?: string;
  /** The attempt whose result was judged. */
  attempt: number;
  /** Why the job was in review when it was decided. */
  review_reasons: string[];
  /** The judged result's sha256, when there was a result. */
  result_sha256?: string;
  /** sent_back: how many steps the manifest held before and after the reviewer's edit. */
  steps_before?: number;
  steps_after?: number;
}

export interface ReviewInput {
  /** The reviewer's token name. */
  reviewer: string;
  reason?: string;
}

/** A reviewer's new manifest for a job: it becomes the job's next attempt, on the same source image. */
export interface SendBack extends ReviewInput {
  manifest: Manifest;
  /** Mask files the new manifest names: the job's own, or new ones written to `staged`. */
  masks: InputFile[];
  /** A folder holding new mask files by name; moved into the job's input folder. */
  staged?: string;
}

export type ReviewOutcome =
  | { status: 'decided'; job: JobRecord }
  /** The job is not (or no longer) in needs_review: another reviewer decided first, or it never was. */
  | { status: 'not_in_review'; job: JobRecord }
  | { status: 'not_found' };

/** A submission as the HTTP layer prepares it: the record's inputs, before the queue gives it a state. */
export interface NewJob extends Pick<JobRecord, 'id' | 'key' | 'manifest' | 'image' | 'masks' | 'result_file' | 'timeout_ms'> {
  /** The uploaded files, already written to a staging folder; moved into the job's folder when accepted. */
  staged: string;
}

export type SubmitOutcome = { status: 'created' | 'existing'; job: JobRecord } | { status: 'conflict'; job: JobRecord };

export interface JobPage {
  jobs: JobRecord[];
  /** Pass as `after` for the next page; absent on the last one. */
  next?: string;
}

export type JobListener = (job: JobRecord) => void;

/** What the HTTP layer needs of a queue, whatever keeps it. */
export interface JobQueue {
  submit(job: NewJob): Promise<SubmitOutcome>;
  get(id: string): JobRecord | undefined;
  list(filter: { state?: JobState; after?: string; limit: number }): JobPage;
  /** Cancels a queued or running job; answers the record, or undefined when unknown. */
  cancel(id: string): Promise<JobRecord | undefined>;
  /** Paths of a job's files (source, result, executed manifest), when they exist. */
  files(id: string): { folder: string; result: string; executed: string; input: string };
  /**
   * A reviewer approves (-> done) or rejects (-> rejected) a job in needs_review. The decision
   * is added to the job's reviews and its executed manifest, appended to the audit log, and the
   * job's callback fires again with the new state.
   */
  decide(id: string, decision: ReviewInput & { decision: 'approved' | 'rejected' }): Promise<ReviewOutcome>;
  /**
   * A reviewer sends a job in needs_review back with a new manifest (the job's source image,
   * the reviewer's steps): recorded as a `sent_back` decision (reviews, audit log), the old
   * result is set aside and the job is queued for its next attempt with a fresh retry budget.
   * The callback fires when that attempt ends.
   */
  sendBack(id: string, next: SendBack): Promise<ReviewOutcome>;
  /** Called on every change of the job until unsubscribed. */
  subscribe(id: string, listener: JobListener): () => void;
  /** How many jobs wait to start (for 429 answers). */
  queuedCount(): number;
  /** Seconds a new job would likely wait, for Retry-After. */
  retryAfterSeconds(): number;
  close(): Promise<void>;
}
