// A worker that loses its lock but finishes anyway (cut off from Redis past its lock, as in a
// Redis restart, or paused): BullMQ calls the job stalled and puts it back to wait, the server
// records the attempt as interrupted, and then that worker's result arrives. All real: Redis, the
// server, a `cleanplate worker` process (paused with SIGSTOP), and BullMQ's own stalled check.
import { Worker } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { QUEUE_NAME } from '../../node/bull-protocol.ts';
import { bullStackForTests } from '../test/bull-stack.ts';
import { follow, submit, testPng } from '../test/harness.ts';

describe('a stall that was not one', () => {
  const stack = bullStackForTests({ workers: 1 });
  let checker: Worker | undefined;
  afterAll(async () => {
    await checker?.close(true);
  });

  it('the paused worker’s result finishes the job as its attempt’s: one attempt, done', async () => {
    const manifest = { job_id: 'paused', steps: [{ op: 'upscale', scale: 4 }] };
    expect((await submit(stack.server.url, { image: { bytes: await testPng(64, 64), name: 'p.png' }, manifest })).status).toBe(202);
    const running = await follow(stack.server.url, 'paused', (j) => j.state === 'running');
    const [worker] = stack.workers;
    expect(running.attempts[0].worker).toBe(worker.name);
    worker.child.kill('SIGSTOP');
    try {
      // BullMQ's stalled check, from a worker that takes no jobs: once the paused worker's lock
      // has expired it puts the job back to wait, and nobody takes it while the worker is paused.
      checker = new Worker(QUEUE_NAME, null, {
        connection: { host: '127.0.0.1', port: stack.redis.port },
        prefix: 'cleanplate',
        autorun: false,
        stalledInterval: 200,
        maxStalledCount: 2,
      });
      void checker.startStalledCheckTimer();
      const stalled = await follow(stack.server.url, 'paused', (j) => j.attempts[0]?.outcome === 'interrupted');
      expect(stalled.state).toBe('queued');
    } finally {
      worker.child.kill('SIGCONT');
    }
    const job = await follow(stack.server.url, 'paused');
    expect(job.state).toBe('done');
    expect(job.attempts.map((a) => [a.outcome, a.worker])).toEqual([['done', worker.name]]);
    expect(job.attempts[0].error).toBeUndefined();
    expect((await fetch(`${stack.server.url}/jobs/paused/result`)).status).toBe(200);
  });
});
