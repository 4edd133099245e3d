// `cleanplate worker`: takes the job server's jobs from BullMQ and runs each attempt in a process
// of its own (the embedded server's worker pool: heap limit, timeout, kill on cancel), so a
// crash or an out-of-memory costs that attempt, never this worker. It shares no disk with the
// server: a job's inputs are fetched from the server's internal routes and its executed manifest
// and result are uploaded back, which finishes the job there; only then is the BullMQ job
// completed. Steps and progress go back as BullMQ progress events. Transient failures are
// thrown for BullMQ to retry with the server's backoff; bad input and cancels are not retried.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DelayedError, UnrecoverableError, Worker, type Job, type MinimalJob } from 'bullmq';
import { Redis } from 'ioredis';
import {
  BACKOFF_TYPE,
  cancelChannel,
  failedReason,
  internalPaths,
  QUEUE_NAME,
  redisConnection,
  serverUrlKey,
  workerTokenKey,
  type BullJobData,
  type WorkerReport,
} from '../node/bull-protocol.ts';
import { WorkerPool, type RunningAttempt } from '../node/worker-pool.ts';
import { InputError } from './errors.ts';
import { backoffMs } from '../node/backoff.ts';
import { QuietlyClosedConnection } from '../node/bull-connection.ts';

export interface WorkerOptions {
  redisUrl: string;
  prefix: string;
  /** The server's URL; default: the one the server keeps in Redis. */
  server?: string;
  /** Default: CLEANPLATE_WORKER_TOKEN, else the token the server keeps in Redis. */
  token?: string;
  /** Attempts at once (each in its own process). */
  concurrency: number;
  memoryMb: number;
  threads: number;
  /** A job whose worker has not renewed its lock for this long is taken over by another worker. */
  lockMs: number;
  /** How often workers look for such jobs. */
  stalledCheckMs: number;
  /** At most `max` jobs start per `windowMs` over all workers of the queue. */
  rateLimit?: { max: number; windowMs: number };
}

export interface RunningWorker {
  /** host:pid, as the server records it in each attempt. */
  name: string;
  close(): Promise<void>;
}

/** The server could not be reached or failed (5xx): the job waits for it without spending an attempt. */
class ServerAway extends Error {}

/** How long a job waits before trying a server that was away again. */
const SERVER_AWAY_WAIT_MS = 2000;

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const connection = redisConnection(options.redisUrl);
  const name = `${hostname()}:${process.pid}`;
  const pool = new WorkerPool({ size: options.concurrency, memoryMb: options.memoryMb, threads: options.threads });
  const running = new Map<string, RunningAttempt>();

  // Reconnect on their own; the Worker reports Redis trouble.
  const redis = new Redis(connection);
  redis.on('error', () => {});
  const subscriber = new Redis(connection);
  subscriber.on('error', () => {});
  const token = options.token ?? (await redis.get(workerTokenKey(options.prefix)));
  if (!token)
    throw new InputError(
      `no worker token: start the job server with REDIS_URL first (it keeps one in Redis), or set CLEANPLATE_WORKER_TOKEN as on the server`,
    );
  await subscriber.subscribe(cancelChannel(options.prefix));
  subscriber.on('message', (_channel, id: string) => running.get(id)?.cancel());

  const call = async (server: string, path: string, init: RequestInit = {}) => {
    let res: Response;
    try {
      res = await fetch(`${server}${path}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } });
    } catch (e) {
      throw new ServerAway(`the server at ${server} cannot be reached (${(e as Error).cause ?? (e as Error).message})`);
    }
    if (res.status === 401 || res.status === 403) {
      const why = `the server at ${server} refused this worker's token (${res.status}): give it the server's CLEANPLATE_WORKER_TOKEN`;
      console.error(`cleanplate worker: ${why}`);
      throw new ServerAway(why);
    }
    if (res.status >= 500) throw new ServerAway(`the server at ${server} answered ${res.status}: ${await res.text()}`);
    return res;
  };

  const processor = async (job: Job<BullJobData>, lock?: string) => {
    const d = job.data;
    const server = (options.server ?? (await redis.get(serverUrlKey(options.prefix))))?.replace(/\/$/, '');
    if (!server)
      throw new Error(failedReason('failed', 'the server has not said where it listens yet: start it, or the worker with --server <url>'));
    // Reports keep their order, and a report lost to a Redis hiccup never fails the attempt.
    let reports = Promise.resolve();
    const report = (r: WorkerReport) => {
      reports = reports.then(() => job.updateProgress(r).catch(() => {}));
    };
    const folder = await mkdtemp(join(tmpdir(), 'cleanplate-worker-'));
    try {
      const input = join(folder, 'input');
      await mkdir(input);
      for (const file of [d.image, ...d.masks]) {
        const res = await call(server, internalPaths.input(d.id, file));
        if (res.status === 409) return { skipped: await res.text() }; // finished or cancelled meanwhile
        if (!res.ok) throw new UnrecoverableError(failedReason('failed', `fetching input "${file}": ${res.status} ${await res.text()}`));
        await writeFile(join(input, file), Buffer.from(await res.arrayBuffer()));
      }
      const out = join(folder, d.result_file);
      const attempt = pool.run(
        { type: 'run', manifest: d.manifest, input: join(input, d.image), maskFolder: input, out, folder: input },
        d.timeout_ms,
        {
          onStep: (index, op) => report({ kind: 'step', index, op }),
          onProgress: (stage, fraction) => report({ kind: 'progress', stage, fraction }),
        },
      );
      running.set(d.id, attempt);
      report({ kind: 'attempt', pid: attempt.pid, worker: name });
      const result = await attempt.result.finally(() => running.delete(d.id));
      if (result.outcome !== 'done') {
        report({ kind: 'ended', outcome: result.outcome, error: result.error });
        await reports;
        const reason = failedReason(result.outcome, result.error);
        throw result.outcome === 'bad_input' || result.outcome === 'cancelled' ? new UnrecoverableError(reason) : new Error(reason);
      }
      await reports;
      // The executed manifest first: the result's arrival finishes the job.
      const executed = await call(server, internalPaths.executed(d.id), {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: await readFile(`${out}.manifest.json`),
      });
      if (executed.status === 409) return { skipped: await executed.text() };
      if (!executed.ok)
        throw new Error(failedReason('failed', `uploading the executed manifest: ${executed.status} ${await executed.text()}`));
      const uploaded = await call(server, internalPaths.result(d.id), {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: await readFile(out),
      });
      if (uploaded.status === 409) return { skipped: await uploaded.text() };
      if (!uploaded.ok) throw new Error(failedReason('failed', `uploading the result: ${uploaded.status} ${await uploaded.text()}`));
      return (await uploaded.json()) as { state: string };
    } catch (e) {
      if (e instanceof ServerAway) {
        // A server restart is not the job's fault: it waits (BullMQ's delayed set) and runs again.
        report({ kind: 'ended', outcome: 'interrupted', error: e.message });
        await reports;
        await job.moveToDelayed(Date.now() + SERVER_AWAY_WAIT_MS, lock);
        throw new DelayedError();
      }
      throw e;
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  };

  const worker = new Worker<BullJobData>(
    QUEUE_NAME,
    processor,
    {
      connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockMs,
      // After Redis comes back, take jobs again within a second (BullMQ's default waits 15 s).
      runRetryDelay: 1000,
      stalledInterval: options.stalledCheckMs,
      // A job whose worker died counts as an attempt; after this many it goes to needs_review.
      maxStalledCount: 2,
      ...(options.rateLimit ? { limiter: { max: options.rateLimit.max, duration: options.rateLimit.windowMs } } : {}),
      settings: {
        // The embedded queue's policy: exponential from the server's base, capped, with jitter.
        backoffStrategy: (attemptsMade: number, type?: string, _err?: Error, job?: MinimalJob) => {
          if (type !== BACKOFF_TYPE || !job) return 0;
          const { baseMs, maxMs } = (job.data as BullJobData).backoff;
          return backoffMs(attemptsMade, baseMs, maxMs);
        },
      },
    },
    QuietlyClosedConnection,
  );
  let lastError = '';
  worker.on('error', (e) => {
    if (e.message === lastError) return;
    lastError = e.message;
    console.error(`cleanplate worker: ${e.message}`);
  });
  await worker.waitUntilReady();

  return {
    name,
    async close() {
      await worker.close();
      await pool.close();
      subscriber.disconnect();
      redis.disconnect();
    },
  };
}
