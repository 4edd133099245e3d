// The embedded job queue (the default, nothing else to install): records in a file store,
// attempts in worker processes, the failure policy, callbacks, expiry. The server is the only
// writer, so each job's transitions are decided here one at a time and written before they
// are announced. After a crash or kill -9, start() picks up where the records stop: a job
// whose result files exist is finished from them, never run again; an attempt cut short is
// recorded as interrupted and retried.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutedManifest } from '../../ops/manifest.ts';
import { deliver } from '../callbacks/deliver.ts';
import { webhookHeaders } from '../callbacks/signature.ts';
import type { JobServerConfig } from './config.ts';
import { appendAudit } from './audit-log.ts';
import { writeFileDurably, type JobStore } from './file-store.ts';
import { backoffMs, reviewReasons } from './policy.ts';
import {
  isTerminal,
  type AttemptOutcome,
  type JobListener,
  type JobPage,
  type JobQueue,
  type JobRecord,
  type JobState,
  type NewJob,
  type ReviewInput,
  type ReviewOutcome,
  type ReviewRecord,
  type SendBack,
  type SubmitOutcome,
} from './types.ts';
import type { AttemptResult, RunningAttempt, WorkerPool } from './worker-pool.ts';

const now = () => new Date().toISOString();
const INPUT = 'input';
/** The reviewers' audit log, under the data folder. */
export const AUDIT_LOG = 'review-audit.jsonl';
export const SUBMITTED_FOR_REVIEW = 'submitted for review ("review": true)';

export interface QueueDeps {
  store: JobStore;
  pool: WorkerPool;
  /** The server's own URL (for result links in callbacks), once it listens. */
  publicUrl(): string | undefined;
}

export class EmbeddedJobQueue implements JobQueue {
  private readonly jobs = new Map<string, JobRecord>();
  /** Submission order: FIFO dispatch and stable paging. */
  private order: string[] = [];
  private readonly running = new Map<string, RunningAttempt>();
  private readonly listeners = new Map<string, Set<JobListener>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private wakeAt = Infinity;
  private closed = false;

  constructor(
    private readonly config: JobServerConfig,
    private readonly deps: QueueDeps,
  ) {}

  /** Loads the records and resumes: recovers cut attempts, restarts the queue and pending callbacks. */
  start(): void {
    const records = this.deps.store.loadAll().sort((a, b) => a.submitted_at.localeCompare(b.submitted_at) || a.id.localeCompare(b.id));
    for (const job of records) {
      this.jobs.set(job.id, job);
      this.order.push(job.id);
    }
    for (const job of records) {
      if (job.state === 'running' || job.state === 'queued') {
        const open = job.attempts.at(-1);
        if (job.state === 'running' && open && !open.outcome) {
          if (this.finishFromFiles(job, 'the result was written before the server stopped')) continue;
          this.closeAttempt(job, 'interrupted', 'the server stopped during this attempt');
          this.afterTransientFailure(job, 'the server stopped during this attempt');
        } else if (this.finishFromFiles(job, 'the result was written before the server stopped')) continue;
        else if (job.state === 'running') this.setState(job, 'queued');
      } else if (isTerminal(job.state) && job.callback?.state === 'pending') this.scheduleCallback(job);
    }
    this.sweep();
    this.every(Math.max(1000, Math.min(this.config.resultTtlMs, 3600_000)), () => this.sweep());
    this.pump();
  }

  // --- the HTTP layer's contract ---------------------------------------------------------

  async submit(job: NewJob): Promise<SubmitOutcome> {
    const existing = this.jobs.get(job.id);
    if (existing) {
      rmSync(job.staged, { recursive: true, force: true });
      return { status: existing.key === job.key ? 'existing' : 'conflict', job: existing };
    }
    const folder = this.deps.store.folder(job.id);
    mkdirSync(folder, { recursive: true });
    // A folder without a record is a submission cut short before it was accepted.
    rmSync(join(folder, INPUT), { recursive: true, force: true });
    renameSync(job.staged, join(folder, INPUT));
    const callback = job.manifest.callback;
    const record: JobRecord = {
      id: job.id,
      state: 'queued',
      key: job.key,
      manifest: job.manifest,
      image: job.image,
      masks: job.masks,
      result_file: job.result_file,
      timeout_ms: job.timeout_ms,
      max_attempts: this.config.maxAttempts,
      attempts: [],
      progress: job.manifest.steps.map((s, i) => ({ step: i, op: s.op, state: 'pending', fraction: 0 })),
      submitted_at: now(),
      ...(callback ? { callback: this.newCallback(callback) } : {}),
    };
    this.jobs.set(record.id, record);
    this.order.push(record.id);
    this.save(record);
    // Dispatch after the answer: the caller need not wait for the attempt to start.
    setImmediate(() => this.pump());
    return { status: 'created', job: record };
  }

  get(id: string) {
    return this.jobs.get(id);
  }

  list({ state, after, limit }: { state?: JobState; after?: string; limit: number }): JobPage {
    let start = 0;
    if (after !== undefined) {
      const i = this.order.indexOf(after);
      start = i < 0 ? this.order.length : i + 1;
    }
    const jobs: JobRecord[] = [];
    for (let i = start; i < this.order.length && jobs.length <= limit; i++) {
      const job = this.jobs.get(this.order[i])!;
      if (!state || job.state === state) jobs.push(job);
    }
    const more = jobs.length > limit;
    if (more) jobs.length = limit;
    return { jobs, ...(more ? { next: jobs.at(-1)!.id } : {}) };
  }

  async cancel(id: string): Promise<JobRecord | undefined> {
    const job = this.jobs.get(id);
    if (!job || isTerminal(job.state)) return job;
    const attempt = this.running.get(id);
    if (attempt) {
      const ended = new Promise<void>((done) => {
        const off = this.subscribe(id, (j) => isTerminal(j.state) && (off(), done()));
      });
      attempt.cancel();
      await ended;
    } else this.finish(job, 'cancelled', { error: 'cancelled before it started' });
    return job;
  }

  async decide(id: string, input: ReviewInput & { decision: 'approved' | 'rejected' }): Promise<ReviewOutcome> {
    const job = this.jobs.get(id);
    if (!job) return { status: 'not_found' };
    if (job.state !== 'needs_review') return { status: 'not_in_review', job };
    const review = this.review(job, input.decision, input);
    job.state = input.decision === 'approved' ? 'done' : 'rejected';
    job.finished_at = review.at;
    if (input.decision === 'rejected') job.error = `rejected by ${review.reviewer}${review.reason ? `: ${review.reason}` : ''}`;
    this.writeReviews(job);
    this.armCallback(job);
    this.save(job);
    if (job.callback?.state === 'pending') this.scheduleCallback(job);
    return { status: 'decided', job };
  }

  async sendBack(id: string, next: SendBack): Promise<ReviewOutcome> {
    const job = this.jobs.get(id);
    if (!job || job.state !== 'needs_review') {
      if (next.staged) rmSync(next.staged, { recursive: true, force: true });
      return job ? { status: 'not_in_review', job } : { status: 'not_found' };
    }
    this.review(job, 'sent_back', next, { steps_before: job.manifest.steps.length, steps_after: next.manifest.steps.length });
    // The judged result is kept aside (it is what the reviewer saw), so the next attempt runs
    // rather than being finished from the old files.
    const files = this.files(job.id);
    const aside = join(files.folder, `attempt-${job.attempts.length}`);
    mkdirSync(aside, { recursive: true });
    for (const path of [files.result, files.executed])
      if (existsSync(path)) renameSync(path, join(aside, path.slice(files.folder.length + 1)));
    if (next.staged) {
      for (const name of readdirSync(next.staged, { recursive: true, withFileTypes: true }))
        if (name.isFile()) {
          const rel = join(name.parentPath, name.name).slice(next.staged.length + 1);
          mkdirSync(join(files.input, rel, '..'), { recursive: true });
          renameSync(join(next.staged, rel), join(files.input, rel));
        }
      rmSync(next.staged, { recursive: true, force: true });
    }
    job.manifest = { ...next.manifest, job_id: job.id, ...(job.manifest.callback ? { callback: job.manifest.callback } : {}) };
    job.masks = next.masks;
    job.progress = job.manifest.steps.map((s, i) => ({ step: i, op: s.op, state: 'pending', fraction: 0 }));
    job.max_attempts = job.attempts.length + this.config.maxAttempts;
    delete job.error;
    delete job.review_reasons;
    delete job.finished_at;
    job.state = 'queued';
    this.save(job);
    setImmediate(() => this.pump());
    return { status: 'decided', job };
  }

  files(id: string) {
    const folder = this.deps.store.folder(id);
    const job = this.jobs.get(id);
    const result = join(folder, job?.result_file ?? 'result');
    return { folder, result, executed: `${result}.manifest.json`, input: join(folder, INPUT) };
  }

  subscribe(id: string, listener: JobListener): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(id);
    };
  }

  queuedCount(): number {
    let n = 0;
    for (const job of this.jobs.values()) if (job.state === 'queued') n++;
    return n;
  }

  retryAfterSeconds(): number {
    // The recent jobs' mean run time, times the jobs ahead per worker.
    const recent = this.order
      .slice(-50)
      .map((id) => this.jobs.get(id)!.attempts.at(-1)?.ms)
      .filter((ms): ms is number => ms !== undefined);
    const meanMs = recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : 5000;
    return Math.max(1, Math.ceil(((this.queuedCount() / this.config.concurrency) * meanMs) / 1000));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.deps.pool.close();
  }

  // --- scheduling ---------------------------------------------------------------------------

  private pump(): void {
    if (this.closed) return;
    const t = Date.now();
    let earliest = Infinity;
    for (const id of this.order) {
      if (this.running.size >= this.config.concurrency) return;
      const job = this.jobs.get(id)!;
      if (job.state !== 'queued') continue;
      const at = job.retry_at ? Date.parse(job.retry_at) : 0;
      if (at > t) {
        earliest = Math.min(earliest, at);
        continue;
      }
      this.startAttempt(job);
    }
    if (earliest < this.wakeAt) {
      this.wakeAt = earliest;
      this.after(earliest - t, () => {
        this.wakeAt = Infinity;
        this.pump();
      });
    }
  }

  private startAttempt(job: JobRecord): void {
    if (this.finishFromFiles(job, 'the result already existed')) return;
    const files = this.files(job.id);
    const attempt = this.deps.pool.run(
      {
        type: 'run',
        manifest: job.manifest,
        input: join(files.input, job.image.name),
        maskFolder: files.input,
        out: files.result,
        folder: files.folder,
      },
      job.timeout_ms,
      {
        onStep: (index) => {
          for (const p of job.progress) {
            if (p.step < index && p.state !== 'done') Object.assign(p, { state: 'done', fraction: 1 });
          }
          const p = job.progress[index];
          if (p) Object.assign(p, { state: 'running', fraction: 0, stage: undefined });
          this.save(job, false);
        },
        onProgress: (stage, fraction) => {
          const p = job.progress.find((s) => s.state === 'running');
          if (!p) return;
          p.stage = stage;
          p.fraction = Math.max(0, Math.min(1, fraction));
          this.emit(job);
        },
      },
    );
    this.running.set(job.id, attempt);
    job.state = 'running';
    job.started_at ??= now();
    delete job.retry_at;
    job.attempts.push({ number: job.attempts.length + 1, started_at: now(), worker_pid: attempt.pid });
    for (const p of job.progress) Object.assign(p, { state: 'pending', fraction: 0, stage: undefined });
    // Not flushed: a crash that loses it leaves the job queued, to run again (or to finish from its files).
    this.save(job, false);
    void attempt.result.then((r) => this.attemptEnded(job, r));
  }

  private attemptEnded(job: JobRecord, result: AttemptResult): void {
    this.running.delete(job.id);
    if (this.closed) return;
    if (result.outcome === 'done') {
      this.closeAttempt(job, 'done');
      this.finishWith(job, result.executed);
    } else {
      this.closeAttempt(job, result.outcome, result.error);
      if (result.outcome === 'cancelled') this.finish(job, 'cancelled', { error: 'cancelled while running' });
      else if (result.outcome === 'bad_input') this.finish(job, 'failed', { error: result.error });
      else this.afterTransientFailure(job, result.error);
    }
    this.pump();
  }

  /** Another attempt after a backoff while the budget lasts, else a person looks. */
  private afterTransientFailure(job: JobRecord, error: string): void {
    const used = job.attempts.length;
    if (used < job.max_attempts) {
      job.state = 'queued';
      job.retry_at = new Date(Date.now() + backoffMs(used, this.config.backoffBaseMs, this.config.backoffMaxMs)).toISOString();
      this.save(job);
      return;
    }
    this.finish(job, 'needs_review', {
      error,
      review_reasons: [`retry budget spent: ${used} attempt${used > 1 ? 's' : ''} failed; the last: ${error}`],
    });
  }

  /** A finished result: done, or needs_review when the check after a step flagged it. */
  private finishWith(job: JobRecord, executed: ExecutedManifest): void {
    for (const p of job.progress) Object.assign(p, { state: 'done', fraction: 1 });
    for (const run of executed.result.runs) if (job.progress[run.step]) job.progress[run.step].ms = run.ms;
    const reasons = reviewReasons(executed);
    // The uploader asked for a person's eyes; once a reviewer has sent it back, the checks decide.
    if (job.manifest.review && !job.reviews?.length) reasons.push(SUBMITTED_FOR_REVIEW);
    if (job.reviews?.length) this.writeReviews(job);
    this.finish(job, reasons.length ? 'needs_review' : 'done', reasons.length ? { review_reasons: reasons } : {});
  }

  /** When the result and its executed manifest are on disk, the job is finished from them. */
  private finishFromFiles(job: JobRecord, why: string): boolean {
    const files = this.files(job.id);
    if (!existsSync(files.result) || !existsSync(files.executed)) return false;
    let executed: ExecutedManifest;
    try {
      executed = JSON.parse(readFileSync(files.executed, 'utf8')) as ExecutedManifest;
    } catch {
      return false;
    }
    const open = job.attempts.at(-1);
    if (open && !open.outcome) this.closeAttempt(job, 'done', why);
    this.finishWith(job, executed);
    return true;
  }

  private closeAttempt(job: JobRecord, outcome: AttemptOutcome, error?: string): void {
    const a = job.attempts.at(-1);
    if (!a || a.outcome) return;
    a.outcome = outcome;
    a.finished_at = now();
    a.ms = Date.parse(a.finished_at) - Date.parse(a.started_at);
    if (error) a.error = error;
  }

  /** The one way into a terminal state: written, announced, then the callback. */
  private finish(job: JobRecord, state: JobState, extra: { error?: string; review_reasons?: string[] }): void {
    if (isTerminal(job.state)) return;
    job.state = state;
    job.finished_at = now();
    delete job.retry_at;
    if (extra.error) job.error = extra.error;
    if (extra.review_reasons) job.review_reasons = extra.review_reasons;
    this.armCallback(job);
    this.save(job);
    if (job.callback?.state === 'pending') this.scheduleCallback(job);
  }

  // --- review -------------------------------------------------------------------------------

  /** Records a decision on the job and in the audit log (flushed before anyone hears of it). */
  private review(job: JobRecord, decision: ReviewRecord['decision'], input: ReviewInput, extra: Partial<ReviewRecord> = {}): ReviewRecord {
    let resultSha: string | undefined;
    const { executed } = this.files(job.id);
    if (existsSync(executed)) {
      try {
        resultSha = (JSON.parse(readFileSync(executed, 'utf8')) as ExecutedManifest).result?.sha256;
      } catch {
        // an unreadable executed manifest: the decision is still recorded, without the sha256
      }
    }
    const record: ReviewRecord = {
      decision,
      reviewer: input.reviewer,
      at: now(),
      ...(input.reason ? { reason: input.reason } : {}),
      attempt: job.attempts.length,
      review_reasons: job.review_reasons ?? [],
      ...(resultSha ? { result_sha256: resultSha } : {}),
      ...extra,
    };
    appendAudit(join(this.config.dataDir, AUDIT_LOG), { job_id: job.id, ...record });
    (job.reviews ??= []).push(record);
    return record;
  }

  /** The job's decisions so far, written into its executed manifest (when it has one). */
  private writeReviews(job: JobRecord): void {
    const { executed } = this.files(job.id);
    if (!existsSync(executed)) return;
    const manifest = JSON.parse(readFileSync(executed, 'utf8')) as ExecutedManifest & { reviews?: ReviewRecord[] };
    manifest.reviews = job.reviews;
    writeFileDurably(executed, JSON.stringify(manifest, null, 2));
  }

  /** A callable callback gets a new message for the job's new state (one per end and per decision). */
  private armCallback(job: JobRecord): void {
    const cb = job.callback;
    if (!cb?.url || cb.state === 'not_called') return;
    const at = job.finished_at ?? now();
    cb.state = 'pending';
    cb.webhook_id = `msg_${createHash('sha256').update(`${job.id}\n${at}\n${job.state}`).digest('hex').slice(0, 24)}`;
    delete cb.reason;
    delete cb.next_at;
  }

  private setState(job: JobRecord, state: JobState): void {
    job.state = state;
    this.save(job);
  }

  // --- callbacks ----------------------------------------------------------------------------

  private newCallback(target: string): NonNullable<JobRecord['callback']> {
    const base = { target, deliveries: [] };
    if (/^https?:/i.test(target)) return { ...base, url: target, state: 'pending' };
    const baseUrl = this.config.callbacks.baseUrl;
    if (!baseUrl)
      return { ...base, state: 'not_called', reason: 'relative callback and no base URL configured (CLEANPLATE_CALLBACK_BASE)' };
    return { ...base, url: new URL(target, baseUrl).href, state: 'pending' };
  }

  private scheduleCallback(job: JobRecord): void {
    const next = job.callback?.next_at ? Date.parse(job.callback.next_at) - Date.now() : 0;
    this.after(Math.max(0, next), () => void this.deliverCallback(job));
  }

  private payload(job: JobRecord): string {
    const base = this.deps.publicUrl() ?? '';
    const path = `/jobs/${encodeURIComponent(job.id)}`;
    const files = this.files(job.id);
    let manifest: unknown = job.manifest;
    if (existsSync(files.executed)) manifest = JSON.parse(readFileSync(files.executed, 'utf8'));
    const hasResult = job.state === 'done' || (job.state === 'needs_review' && existsSync(files.result));
    return JSON.stringify({
      type: `job.${job.state}`,
      job_id: job.id,
      state: job.state,
      ...(hasResult ? { result_url: `${base}${path}/result` } : {}),
      job_url: `${base}${path}`,
      ...(job.error ? { error: job.error } : {}),
      ...(job.review_reasons ? { review_reasons: job.review_reasons } : {}),
      manifest,
    });
  }

  private async deliverCallback(job: JobRecord): Promise<void> {
    const cb = job.callback;
    if (!cb || cb.state !== 'pending' || !cb.url || this.closed) return;
    const body = this.payload(job);
    const headers = webhookHeaders(this.config.callbacks.secret, cb.webhook_id!, body);
    const answer = await deliver(new URL(cb.url), body, headers, this.config.callbacks);
    if (this.closed) return;
    const attempt = cb.deliveries.filter((d) => (d.webhook_id ?? cb.webhook_id) === cb.webhook_id).length + 1;
    cb.deliveries.push({
      attempt,
      webhook_id: cb.webhook_id,
      at: now(),
      url: answer.url,
      ok: answer.ok,
      ...(answer.status ? { status: answer.status } : {}),
      ...(answer.error ? { error: answer.error } : {}),
    });
    delete cb.next_at;
    const { maxAttempts, backoffBaseMs, backoffMaxMs } = this.config.callbacks;
    if (answer.ok) cb.state = 'delivered';
    else if (answer.refused) Object.assign(cb, { state: 'failed', reason: answer.error });
    else if (attempt >= maxAttempts) Object.assign(cb, { state: 'failed', reason: `no success after ${attempt} deliveries` });
    else cb.next_at = new Date(Date.now() + backoffMs(attempt, backoffBaseMs, backoffMaxMs)).toISOString();
    this.save(job);
    if (cb.state === 'pending') this.scheduleCallback(job);
  }

  // --- housekeeping -------------------------------------------------------------------------

  /** Removes finished jobs' files after the configured time; the records stay, marked expired. */
  private sweep(): void {
    const cutoff = Date.now() - this.config.resultTtlMs;
    for (const job of this.jobs.values()) {
      if (!isTerminal(job.state) || job.expired_at || !job.finished_at || Date.parse(job.finished_at) > cutoff) continue;
      if (job.callback?.state === 'pending') continue;
      this.deps.store.removeFiles(job.id);
      job.expired_at = now();
      this.save(job);
    }
  }

  private save(job: JobRecord, durable = true): void {
    this.deps.store.save(job, durable);
    this.emit(job);
  }

  private emit(job: JobRecord): void {
    for (const listener of [...(this.listeners.get(job.id) ?? [])]) listener(job);
  }

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref?.();
    this.timers.add(t);
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref?.();
    this.timers.add(t as unknown as NodeJS.Timeout);
  }
}
