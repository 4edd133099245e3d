// What the job server and `cleanplate worker` processes agree on when jobs queue on BullMQ
// (REDIS_URL set): the queue's name and Redis keys, the job data the server adds, the reports a
// worker sends back as BullMQ progress events, and the internal HTTP routes that carry a job's
// files between them (workers share no disk with the server).
import type { RedisOptions } from 'ioredis';
import type { Manifest } from '../ops/manifest.ts';
import type { AttemptOutcome } from './job-protocol.ts';

export const QUEUE_NAME = 'jobs';
/** Key prefix of every BullMQ key; CLEANPLATE_REDIS_PREFIX sets another (two deployments on one Redis). */
export const DEFAULT_PREFIX = 'cleanplate';
/** Where the server publishes the token workers use on its internal routes, when none is configured. */
export const workerTokenKey = (prefix: string) => `${prefix}:worker-token`;
/** Where the server publishes its URL (CLEANPLATE_PUBLIC_URL or where it listens) for workers started without --server. */
export const serverUrlKey = (prefix: string) => `${prefix}:server-url`;
/** Pub/sub channel: a job id published here is cancelled on whichever worker runs it. */
export const cancelChannel = (prefix: string) => `${prefix}:cancel`;
/** The custom backoff strategy's name (job opts.backoff.type); workers compute it as the embedded queue does. */
export const BACKOFF_TYPE = 'cleanplate';

/** The data of one BullMQ job. Its BullMQ id is derived from `id` (see bullJobId). */
export interface BullJobData {
  /** The job server's job id (the caller's job_id). */
  id: string;
  manifest: Manifest;
  /** Input file names, fetched from GET /internal/jobs/<id>/input/<name>. */
  image: string;
  masks: string[];
  /** The result's file name (its extension picks the format). */
  result_file: string;
  timeout_ms: number;
  backoff: { baseMs: number; maxMs: number };
}

/** What a worker reports while it runs an attempt, as BullMQ progress (QueueEvents 'progress'). */
export type WorkerReport =
  | { kind: 'attempt'; pid: number; worker: string }
  | { kind: 'step'; index: number; op: string }
  | { kind: 'progress'; stage: string; fraction: number }
  | { kind: 'ended'; outcome: Exclude<AttemptOutcome, 'done'>; error: string };

/**
 * A failed attempt's error as BullMQ keeps it (failedReason): "[outcome] message", so the
 * server can tell bad input from a crash even when the report of the attempt was lost.
 */
export const failedReason = (outcome: string, message: string) => `[${outcome}] ${message}`;
export function parseFailedReason(reason: string | undefined): { outcome?: AttemptOutcome; message: string } {
  const m = /^\[(\w+)\] ([\s\S]*)$/.exec(reason ?? '');
  return m ? { outcome: m[1] as AttemptOutcome, message: m[2] } : { message: reason ?? 'unknown failure' };
}

export const internalPaths = {
  input: (id: string, name: string) => `/internal/jobs/${encodeURIComponent(id)}/input/${encodeURIComponent(name)}`,
  executed: (id: string) => `/internal/jobs/${encodeURIComponent(id)}/executed`,
  result: (id: string) => `/internal/jobs/${encodeURIComponent(id)}/result`,
};

/**
 * BullMQ connection options from a redis:// or rediss:// URL. Workers block on Redis, so their
 * commands wait for a reconnect instead of failing (maxRetriesPerRequest null), as BullMQ asks.
 */
export function redisConnection(url: string): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`REDIS_URL must be a URL such as redis://127.0.0.1:6379/0 (got "${url}")`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new Error(`REDIS_URL must start with redis:// or rediss:// (got "${url}")`);
  const db = u.pathname.replace(/^\//, '');
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    // Reconnect quickly after a Redis restart, never giving up.
    retryStrategy: (times: number) => Math.min(times * 100, 2000),
  };
}
