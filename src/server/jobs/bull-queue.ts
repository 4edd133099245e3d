// The job queue on BullMQ (REDIS_URL set). The server keeps what the embedded queue keeps (this
// class extends it): the records, inputs and results under the data folder, callbacks, expiry;
// the HTTP routes see no difference. What moves to Redis is the waiting line and the attempts:
// each job is one BullMQ job (its id derived from the job_id, so adding it twice is one job),
// taken by any `cleanplate worker` that reaches Redis and this server. BullMQ retries
// transient failures with the embedded queue's backoff (the workers' custom strategy), moves
// the jobs of a worker that died back to wait (stalled-job recovery), and applies the workers'
// rate limit. The server follows the attempts through QueueEvents: the workers' reports come
// as progress events, retries as delayed events, the end as failed; a result comes over the
// internal routes (internal-routes.ts) and finishes the job there, once: a second upload of a
// finished job is refused. Should Redis lose jobs (no AOF, a flush), every record not finished
// is queued again when Redis answers, so no accepted job is lost.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, renameSync } from 'node:fs';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import {
  BACKOFF_TYPE,
  cancelChannel,
  parseFailedReason,
  QUEUE_NAME,
  redisConnection,
  serverUrlKey,
  workerTokenKey,
  type BullJobData,
  type WorkerReport,
} from '../../node/bull-protocol.ts';
import { QuietlyClosedConnection } from '../../node/bull-connection.ts';
import { isTransient } from './policy.ts';
import type { JobServerConfig, RedisConfig } from './config.ts';
import { EmbeddedJobQueue, type QueueDeps } from './embedded-queue.ts';
import { isTerminal, type JobRecord, type NewJob, type ReviewOutcome, type SendBack, type SubmitOutcome } from './types.ts';

/** BullMQ ids may not hold ":" and job_ids are any text: the id is a hash of the job_id. */
export const bullJobId = (id: string) => createHash('sha256').update(id).digest('hex').slice(0, 32);

/** How long a send-back waits for the judged attempt's worker to complete its BullMQ job. */
const LAST_ATTEMPT_WAIT_MS = 30_000;

/** Logs a Redis trouble once per kind of message, not once per retry. */
function logOnce() {
  const seen = new Set<string>();
  return (what: string, e: unknown) => {
    const text = `${what}: ${e instanceof Error ? e.message : String(e)}`;
    if (seen.has(text)) return;
    seen.add(text);
    console.error(`cleanplate: ${text}`);
  };
}

export class BullJobQueue extends EmbeddedJobQueue {
  private readonly queue: Queue<BullJobData>;
  /** Made once Redis answers (a QueueEvents that never connected does not close). */
  private events?: QueueEvents;
  private readonly connection: ReturnType<typeof redisConnection>;
  private readonly redis: RedisConfig;
  /** A plain connection for the worker token and cancel messages. */
  private readonly client: Redis;
  /** BullMQ id -> job id. */
  private readonly byBullId = new Map<string, string>();
  private readonly log = logOnce();
  /** The bearer token workers present on the internal routes (known after start). */
  workerToken = '';

  constructor(config: JobServerConfig & { redis: RedisConfig }, deps: Omit<QueueDeps, 'pool'>) {
    super(config, deps);
    this.redis = config.redis;
    const connection = redisConnection(config.redis.url);
    const prefix = config.redis.prefix;
    // Adds fail after a few reconnects instead of holding the submission: the record is kept
    // and queued again when Redis answers.
    this.queue = new Queue(QUEUE_NAME, { connection: { ...connection, maxRetriesPerRequest: 3 }, prefix }, QuietlyClosedConnection);
    this.connection = connection;
    this.client = new Redis({ ...connection, maxRetriesPerRequest: 3 });
    this.client.on('error', (e) => this.log('Redis', e));
    this.queue.on('error', (e) => this.log('Redis (queue)', e));
  }

  override async start(): Promise<void> {
    try {
      await this.client.ping();
      this.workerToken = await this.ensureWorkerToken();
    } catch (e) {
      await this.close();
      throw new Error(
        `cannot reach Redis at ${this.redis.url.replace(/\/\/[^@/]*@/, '//')} (${(e as Error).message}): start redis-server there, or unset REDIS_URL for the embedded queue`,
      );
    }
    const events = (this.events = new QueueEvents(
      QUEUE_NAME,
      { connection: this.connection, prefix: this.redis.prefix },
      QuietlyClosedConnection,
    ));
    events.on('error', (e) => this.log('Redis (events)', e));
    events.on('progress', ({ jobId, data }) => this.withJob(jobId, (job) => this.report(job, data as WorkerReport)));
    events.on('delayed', ({ jobId, delay }) => this.withJob(jobId, (job) => this.retryAt(job, Number(delay))));
    events.on('waiting', ({ jobId, prev }) => prev === 'failed' && this.withJob(jobId, (job) => this.retryAt(job, Date.now())));
    events.on('stalled', ({ jobId }) => this.withJob(jobId, (job) => this.stalled(job)));
    events.on('failed', ({ jobId, failedReason }) => this.withJob(jobId, (job) => this.failedForGood(job, failedReason)));
    // A worker reports its attempt before it completes, in this same stream: a completion that
    // finds the record queued is the previous BullMQ job's, ending after a send-back re-queued it.
    events.on('completed', ({ jobId }) => this.withJob(jobId, (job) => job.state !== 'queued' && this.completed(job)));
    // Listen before looking: what ends between the look and the listening is not missed.
    await events.waitUntilReady();

    for (const job of this.load()) {
      this.byBullId.set(bullJobId(job.id), job.id);
      if (isTerminal(job.state)) {
        if (job.callback?.state === 'pending') this.scheduleCallback(job);
      } else this.finishFromFiles(job, 'its result was uploaded before the server stopped');
    }
    await this.reconcile();
    // After a Redis restart (or a failover), check again that every unfinished job is queued.
    this.client.on('ready', () => void this.reconcile());
    this.sweep();
    this.every(Math.max(1000, Math.min(this.config.resultTtlMs, 3600_000)), () => this.sweep());
  }

  // --- the HTTP layer's contract -----------------------------------------------------------

  override async submit(job: NewJob): Promise<SubmitOutcome> {
    const outcome = await super.submit(job);
    if (outcome.status === 'created') {
      this.byBullId.set(bullJobId(job.id), job.id);
      // Accepted once the record is written; Redis down now only delays it.
      await this.enqueue(outcome.job).catch((e) => this.log(`a job is kept and will be queued when Redis answers`, e));
    }
    return outcome;
  }

  override async cancel(id: string): Promise<JobRecord | undefined> {
    const job = this.jobs.get(id);
    if (!job || isTerminal(job.state)) return job;
    const running = job.state === 'running';
    this.closeAttempt(job, 'cancelled', 'cancelled');
    this.finish(job, 'cancelled', { error: running ? 'cancelled while running' : 'cancelled before it started' });
    try {
      // The worker running it (if any) kills its attempt; a waiting one leaves the line.
      await this.client.publish(cancelChannel(this.redis.prefix), id);
      const queued = await this.queue.getJob(bullJobId(id));
      await queued?.remove().catch(() => {}); // an active job is locked: its worker ends it
    } catch (e) {
      // Should it still run, its result is refused: the record says cancelled.
      this.log('cancel', e);
    }
    return job;
  }

  /** The embedded queue's send-back (records, files, audit), then the job goes on BullMQ afresh. */
  override async sendBack(id: string, next: SendBack): Promise<ReviewOutcome> {
    await this.lastAttemptEnded(id);
    const outcome = await super.sendBack(id, next);
    if (outcome.status !== 'decided') return outcome;
    const { job } = outcome;
    try {
      // Its earlier BullMQ job (failed, or completed with a result flagged for review) makes way.
      await (await this.queue.getJob(bullJobId(job.id)))?.remove();
      await this.enqueue(job);
    } catch (e) {
      this.log('a job sent back is kept and will be queued when Redis answers', e);
    }
    return outcome;
  }

  /**
   * A worker uploads its result (which puts the record in needs_review) before it completes its
   * BullMQ job. A send-back in between could neither remove that job nor add the next attempt
   * (same id); so it waits for the old job to end first. Its completion event may still come
   * after the send-back: the 'completed' handler passes over it.
   */
  private async lastAttemptEnded(id: string): Promise<void> {
    try {
      const last = await this.queue.getJob(bullJobId(id));
      if (last && this.events && (await last.isActive())) await last.waitUntilFinished(this.events, LAST_ATTEMPT_WAIT_MS);
    } catch (e) {
      this.log('waiting for the last attempt to end on its worker', e);
    }
  }

  override async close(): Promise<void> {
    await super.close();
    // QueueEvents must be closed, not only disconnected: a disconnected one retries every 5 s
    // and holds the process open. Closing waits on Redis, which may be why the server stops:
    // each close's outcome is taken (none is left to reject unhandled) and waited for 2 s at most.
    const closing = [this.events?.close(), this.queue.close()].map((p) => p?.catch((e: unknown) => this.log('closing Redis', e)));
    this.client.disconnect();
    await Promise.race([Promise.all(closing), new Promise((r) => setTimeout(r, 2000).unref())]);
  }

  /** Tells workers started without --server where this server is. */
  async announce(url: string): Promise<void> {
    await this.client.set(serverUrlKey(this.redis.prefix), url).catch((e) => this.log('publishing the server URL', e));
  }

  /** The embedded queue's dispatcher: here BullMQ hands jobs to the workers. */
  protected override pump(): void {}

  // --- results from the internal routes ------------------------------------------------------

  /**
   * A worker's result file (written next to the job's result) finishes the job, once. Answers
   * the job's state afterwards, or undefined for an unknown job. The executed manifest came first.
   */
  resultArrived(id: string, uploaded: string): JobRecord | undefined {
    const job = this.jobs.get(id);
    if (!job || isTerminal(job.state)) return job;
    const files = this.files(id);
    if (!existsSync(files.executed)) return job; // refused: the worker uploads the manifest first
    renameSync(uploaded, files.result);
    if (job.state === 'queued') this.reviveStalled(job);
    this.closeAttempt(job, 'done');
    this.finishFromFiles(job, 'uploaded by its worker');
    return job;
  }

  // --- what BullMQ says ------------------------------------------------------------------------

  private withJob(bullId: string, fn: (job: JobRecord) => void): void {
    const id = this.byBullId.get(bullId);
    const job = id === undefined ? undefined : this.jobs.get(id);
    if (job && !isTerminal(job.state) && !this.closed) fn(job);
  }

  private report(job: JobRecord, r: WorkerReport): void {
    if (!r || typeof r !== 'object') return;
    if (r.kind === 'attempt') {
      // An attempt still open here was cut short: its worker died and BullMQ gave the job to this one.
      this.closeAttempt(job, 'interrupted', 'the worker running it stopped; another worker took the job over');
      this.attemptStarted(job, { worker_pid: r.pid, worker: r.worker });
    } else if (r.kind === 'step') this.stepStarted(job, r.index);
    else if (r.kind === 'progress') this.stepProgress(job, r.stage, r.fraction);
    else if (r.kind === 'ended') {
      this.closeAttempt(job, r.outcome, r.error);
      if (isTransient(r.outcome)) {
        job.state = 'queued';
        this.save(job);
      }
    }
  }

  private retryAt(job: JobRecord, at: number): void {
    job.state = 'queued';
    job.retry_at = new Date(at).toISOString();
    this.save(job);
  }

  /**
   * A stall that was not one: the attempt's worker lost its lock (cut off from Redis past it, as
   * in a Redis restart, or paused) but ran on and finished. Until another attempt has started,
   * a result arriving is that attempt's, so it is reopened to be closed as done.
   */
  private reviveStalled(job: JobRecord): void {
    const last = job.attempts.at(-1);
    if (last?.outcome !== 'interrupted') return;
    delete last.outcome;
    delete last.finished_at;
    delete last.ms;
    delete last.error;
  }

  private stalled(job: JobRecord): void {
    this.closeAttempt(job, 'interrupted', 'the worker running it stopped answering (its lock expired); the job went back to wait');
    job.state = 'queued';
    this.save(job);
  }

  /** BullMQ gave up: bad input, a cancel, or the retry budget spent. */
  private failedForGood(job: JobRecord, reason: string): void {
    const { outcome, message } = parseFailedReason(reason);
    this.closeAttempt(job, outcome && outcome !== 'done' ? outcome : 'interrupted', message);
    if (outcome === 'bad_input') return this.finish(job, 'failed', { error: message });
    if (outcome === 'cancelled') return this.finish(job, 'cancelled', { error: 'cancelled while running' });
    const used = job.attempts.length;
    this.finish(job, 'needs_review', {
      error: message,
      review_reasons: [`retry budget spent: ${used} attempt${used > 1 ? 's' : ''} failed; the last: ${message}`],
    });
  }

  /** Workers complete a job only after its result reached the server (or the server refused it). */
  private completed(job: JobRecord): void {
    if (this.finishFromFiles(job, 'uploaded by its worker')) return;
    this.closeAttempt(job, 'failed', 'the worker reported the job done but its result never reached the server');
    this.finish(job, 'needs_review', { review_reasons: ['a worker reported the job done but its result never reached the server'] });
  }

  // --- Redis bookkeeping ---------------------------------------------------------------------

  private async enqueue(job: JobRecord): Promise<void> {
    const data: BullJobData = {
      id: job.id,
      manifest: job.manifest,
      image: job.image.name,
      masks: job.masks.map((m) => m.name),
      result_file: job.result_file,
      timeout_ms: job.timeout_ms,
      backoff: { baseMs: this.config.backoffBaseMs, maxMs: this.config.backoffMaxMs },
    };
    await this.queue.add('run', data, {
      jobId: bullJobId(job.id),
      // The budget left (a job sent back by a reviewer gets a fresh one).
      attempts: Math.max(1, job.max_attempts - job.attempts.length),
      backoff: { type: BACKOFF_TYPE },
      removeOnComplete: true,
      // Failed jobs stay for inspection as long as their files do.
      removeOnFail: { age: Math.ceil(this.config.resultTtlMs / 1000) },
    });
  }

  /** Every unfinished record has its BullMQ job; one BullMQ gave up on while we were away ends here. */
  private async reconcile(): Promise<void> {
    try {
      for (const job of [...this.jobs.values()]) {
        if (isTerminal(job.state) || this.closed) continue;
        const queued = await this.queue.getJob(bullJobId(job.id));
        if (!queued) {
          await this.enqueue(job);
          continue;
        }
        const state = await queued.getState();
        if (isTerminal(job.state)) continue;
        if (state === 'failed') this.failedForGood(job, queued.failedReason);
        else if (state === 'completed') this.completed(job);
      }
    } catch (e) {
      this.log('checking the queued jobs (again when Redis answers)', e);
    }
  }

  private async ensureWorkerToken(): Promise<string> {
    if (this.redis.workerToken) {
      if (this.redis.workerToken.length < 16) throw new Error('CLEANPLATE_WORKER_TOKEN must have at least 16 characters');
      return this.redis.workerToken;
    }
    // One token per deployment, kept in Redis: whoever reaches Redis may run this server's jobs anyway.
    const key = workerTokenKey(this.redis.prefix);
    await this.client.set(key, randomBytes(24).toString('hex'), 'NX');
    return (await this.client.get(key))!;
  }
}
