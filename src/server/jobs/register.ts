// Puts the job server on a Fastify app: the embedded queue (file store + worker processes)
// and its routes. Returns the queue so the app can close it (and its workers) on shutdown.
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { webhookSecret } from '../callbacks/signature.ts';
import { bearerGuard, reviewerGuard, type Token } from '../http/auth.ts';
import { registerDirectRoutes } from '../http/direct-routes.ts';
import { registerJobRoutes } from '../http/job-routes.ts';
import { OPENAPI } from '../http/openapi.ts';
import { registerReviewRoutes } from '../review/review-routes.ts';
import { configFromEnv, type JobServerConfig } from './config.ts';
import { EmbeddedJobQueue } from './embedded-queue.ts';
import { createFileStore } from './file-store.ts';
import type { JobQueue } from './types.ts';
import { WorkerPool } from './worker-pool.ts';

export interface JobServerOptions {
  /** Settings over those from the environment (tests and benches set them directly). */
  config?: Partial<Omit<JobServerConfig, 'callbacks'>> & { callbacks?: Partial<JobServerConfig['callbacks']> };
  tokens: Token[];
}

export function resolveConfig(over: JobServerOptions['config'] = {}): JobServerConfig {
  const env = configFromEnv();
  const merged = { ...env, ...over, callbacks: { ...env.callbacks, ...over.callbacks } };
  const { secret } = webhookSecret(merged.dataDir, merged.callbacks.secret);
  return { ...merged, callbacks: { ...merged.callbacks, secret } };
}

export async function registerJobServer(app: FastifyInstance, options: JobServerOptions): Promise<JobQueue> {
  const config = resolveConfig(options.config);
  // Uploads cut short by a crash are not jobs.
  rmSync(join(config.dataDir, 'staging'), { recursive: true, force: true });
  let publicUrl: string | undefined;
  app.addHook('onListen', async function () {
    const address = this.server.address();
    if (address && typeof address === 'object') {
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      publicUrl ??=
        process.env.CLEANPLATE_PUBLIC_URL ?? `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}`;
    }
  });
  const pool = new WorkerPool({
    size: config.concurrency,
    memoryMb: config.workerMemoryMb,
    threads: Math.max(1, Math.floor(availableParallelism() / config.concurrency)),
  });
  const queue = new EmbeddedJobQueue(config, { store: createFileStore(config.dataDir), pool, publicUrl: () => publicUrl });
  queue.start();
  app.addHook('onClose', () => queue.close());

  await app.register(multipart, {
    limits: { fileSize: config.maxImageBytes, fieldSize: config.maxManifestBytes, files: 64, fields: 16, parts: 96, headerPairs: 100 },
  });
  const guard = bearerGuard(options.tokens);
  registerJobRoutes(app, queue, config, guard);
  registerDirectRoutes(app, queue, config, guard);
  registerReviewRoutes(app, queue, config, reviewerGuard(options.tokens));
  app.get('/openapi.json', async () => OPENAPI);
  return queue;
}
