// The job server on BullMQ for the tests of one describe block: a real Redis, a server that
// queues on it and `cleanplate worker` processes, started before the first test and stopped
// after the last. The stack's fields are set once beforeAll has run; `workers` is one array
// throughout, so tests may replace a worker in it.
import { afterAll, beforeAll } from 'vitest';
import type { Token } from '../http/auth.ts';
import type { JobServerOptions } from '../jobs/register.ts';
import { startServer, type TestServer } from './harness.ts';
import { startRedis, type TestRedis } from './redis-server.ts';
import { startWorkerProcess, type WorkerProcess } from './workers.ts';

export interface BullStack {
  redis: TestRedis;
  server: TestServer;
  workers: WorkerProcess[];
}

export function bullStackForTests(options: { config?: JobServerOptions['config']; tokens?: Token[]; workers?: number } = {}): BullStack {
  const stack = { workers: [] as WorkerProcess[] } as BullStack;
  beforeAll(async () => {
    stack.redis = await startRedis();
    stack.server = await startServer({ redis: { url: stack.redis.url, prefix: 'cleanplate' }, ...options.config }, options.tokens);
    for (let i = 0; i < (options.workers ?? 1); i++) stack.workers.push(await startWorkerProcess(stack.redis.url));
  });
  afterAll(async () => {
    await Promise.all(stack.workers.map((w) => w.kill()));
    await stack.server?.close();
    await stack.redis?.stop();
  });
  return stack;
}
