// The job server's records and the queue contract the HTTP routes talk to. The embedded
// queue (file store + worker processes) implements it today; a BullMQ queue on Redis can
// implement the same interface without the routes changing.
import type { Manifest } from '../../ops/manifest.ts';

export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'needs_review', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const TERMINAL_STATES: readonly JobState[] = ['done', 'failed', 'needs_review', 'cancelled'];
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
}

export interface NewJob {
  id: string;
  key: string;
  manifest: Manifest;
  image: InputFile;
  masks: InputFile[];
  result_file: string;
  timeout_ms: number;
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
  /** Called on every change of the job until unsubscribed. */
  subscribe(id: string, listener: JobListener): () => void;
  /** How many jobs wait to start (for 429 answers). */
  queuedCount(): number;
  /** Seconds a new job would likely wait, for Retry-After. */
  retryAfterSeconds(): number;
  close(): Promise<void>;
}
