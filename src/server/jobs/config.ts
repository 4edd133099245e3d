// The job server's settings: defaults that need nothing installed, each overridable from the
// environment (CLEANPLATE_*), or directly by whoever builds the server (tests, benches).
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_PREFIX } from '../../node/bull-protocol.ts';

export interface JobServerConfig {
  /** Jobs, inputs and results live here. */
  dataDir: string;
  /** Worker processes running jobs at once. */
  concurrency: number;
  /** JS heap limit of each worker process, MB (--max-old-space-size). */
  workerMemoryMb: number;
  /** Per-job timeout when the submission does not ask for one, and the most it may ask. */
  defaultTimeoutMs: number;
  maxTimeoutMs: number;
  /** Attempts per job, first one included. */
  maxAttempts: number;
  /** Retry n (from 1) waits base * 2^(n-1), capped, with full jitter. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** More jobs waiting than this: 429. */
  maxQueued: number;
  /** Finished jobs' files are removed after this long. */
  resultTtlMs: number;
  /** Largest image accepted, bytes (413) and pixels (413 from the header). */
  maxImageBytes: number;
  maxImagePixels: number;
  /** Largest manifest, bytes (413), and most stroke coordinates over all steps (422). */
  maxManifestBytes: number;
  maxStrokePoints: number;
  callbacks: CallbackConfig;
  /** With REDIS_URL: jobs queue on BullMQ and run on `cleanplate worker` processes (bull-queue.ts). */
  redis?: RedisConfig;
}

export interface RedisConfig {
  url: string;
  /** Prefix of the BullMQ keys. */
  prefix: string;
  /** Bearer token of the workers on the internal routes; when absent one is made and kept in Redis. */
  workerToken?: string;
}

export interface CallbackConfig {
  /** Relative callbacks ("/internal/jobs/callback") resolve against this; not called when absent. */
  baseUrl?: string;
  /** Hosts absolute callbacks may reach ("hooks.example.com", "*.example.org", or "*" for any public host). */
  allowedHosts: string[];
  /** host or host:port entries allowed even though they resolve to loopback/private addresses. */
  allowPrivate: string[];
  /** Standard Webhooks secret, "whsec_" + base64. */
  secret: string;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Per delivery attempt. */
  timeoutMs: number;
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function number(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number (got "${raw}")`);
  return n;
}

export const DEFAULT_DATA_DIR = resolve(import.meta.dirname, '../../../data');

/** The settings from the environment; `secret` must still be filled (see webhookSecret). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Omit<JobServerConfig, 'callbacks'> & {
  callbacks: Omit<CallbackConfig, 'secret'> & { secret?: string };
} {
  const s = (name: string, fallback: number) => number(env, name, fallback) * 1000;
  return {
    dataDir: resolve(env.CLEANPLATE_DATA_DIR ?? DEFAULT_DATA_DIR),
    concurrency: Math.max(1, Math.floor(number(env, 'CLEANPLATE_CONCURRENCY', availableParallelism()))),
    workerMemoryMb: number(env, 'CLEANPLATE_WORKER_MEMORY_MB', 4096),
    defaultTimeoutMs: s('CLEANPLATE_JOB_TIMEOUT_S', 120),
    maxTimeoutMs: s('CLEANPLATE_JOB_TIMEOUT_MAX_S', 900),
    maxAttempts: Math.max(1, number(env, 'CLEANPLATE_ATTEMPTS', 3)),
    backoffBaseMs: number(env, 'CLEANPLATE_BACKOFF_MS', 1000),
    backoffMaxMs: number(env, 'CLEANPLATE_BACKOFF_MAX_MS', 60_000),
    maxQueued: number(env, 'CLEANPLATE_MAX_QUEUED', 1000),
    resultTtlMs: s('CLEANPLATE_RESULT_TTL_S', 7 * 24 * 3600),
    maxImageBytes: number(env, 'CLEANPLATE_MAX_IMAGE_MB', 100) * 1024 * 1024,
    maxImagePixels: number(env, 'CLEANPLATE_MAX_IMAGE_MP', 100) * 1_000_000,
    maxManifestBytes: 1024 * 1024,
    maxStrokePoints: 2_000_000,
    ...(env.REDIS_URL
      ? {
          redis: {
            url: env.REDIS_URL,
            prefix: env.CLEANPLATE_REDIS_PREFIX || DEFAULT_PREFIX,
            ...(env.CLEANPLATE_WORKER_TOKEN ? { workerToken: env.CLEANPLATE_WORKER_TOKEN } : {}),
          },
        }
      : {}),
    callbacks: {
      baseUrl: env.CLEANPLATE_CALLBACK_BASE || undefined,
      allowedHosts: list(env.CLEANPLATE_CALLBACK_HOSTS),
      allowPrivate: list(env.CLEANPLATE_CALLBACK_ALLOW_PRIVATE),
      secret: env.CLEANPLATE_WEBHOOK_SECRET || undefined,
      maxAttempts: Math.max(1, number(env, 'CLEANPLATE_CALLBACK_ATTEMPTS', 6)),
      backoffBaseMs: number(env, 'CLEANPLATE_CALLBACK_BACKOFF_MS', 2000),
      backoffMaxMs: number(env, 'CLEANPLATE_CALLBACK_BACKOFF_MAX_MS', 10 * 60_000),
      timeoutMs: s('CLEANPLATE_CALLBACK_TIMEOUT_S', 10),
    },
  };
}
