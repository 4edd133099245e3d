// Faults with BullMQ, all real: Debian's redis-server (append-only file, fsync always), the job
// server, and two `cleanplate worker` processes. A worker killed with -9 mid-job, Redis killed and
// restarted mid-run, two workers draining 200 jobs, and a poison job whose every attempt crashes.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bullStackForTests } from '../test/bull-stack.ts';
import { follow, getJson, startServerProcess, submit, testPng, type JobView } from '../test/harness.ts';
import { startRedis, type TestRedis } from '../test/redis-server.ts';
import { startWorkerProcess, type WorkerProcess } from '../test/workers.ts';

/** A fill of a few pixels: the cheapest real job. */
const cheap = (id: string) => ({
  job_id: id,
  steps: [{ op: 'inpaint', strokes: [{ points: [3, 3, 9, 9], width: 3 }], engine: 'patchmatch' }],
});
/** Two upscales of a 96 px photo: long enough to be caught running. */
const slow = (id: string) => ({
  job_id: id,
  steps: [
    { op: 'upscale', scale: 4 },
    { op: 'upscale', scale: 2 },
  ],
});

/** Runs `fn` over `items`, `n` at a time. */
async function inParallel<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

const doneAttempts = (j: JobView) => j.attempts.filter((a) => a.outcome === 'done').length;

describe('BullMQ faults with real Redis and worker processes', () => {
  const stack = bullStackForTests({ config: { backoffBaseMs: 20, backoffMaxMs: 100 }, workers: 2 });
  const { workers } = stack;
  let small: Buffer;
  let photo: Buffer;
  let bigger: Buffer;
  beforeAll(async () => {
    [small, photo, bigger] = await Promise.all([testPng(16, 16), testPng(64, 64), testPng(128, 128)]);
  });

  it('a worker killed with -9 mid-job: another worker takes the job over and finishes it once', async () => {
    expect((await submit(stack.server.url, { image: { bytes: photo, name: 'p.png' }, manifest: slow('w-killed') })).status).toBe(202);
    const running = await follow(stack.server.url, 'w-killed', (j) => j.state === 'running');
    const victim = workers.find((w) => w.name === running.attempts[0].worker)!;
    expect(victim).toBeDefined();
    await victim.kill();
    const job = await follow(stack.server.url, 'w-killed');
    expect(job.state).toBe('done');
    expect(job.attempts.map((a) => a.outcome)).toEqual(['interrupted', 'done']);
    expect(job.attempts[1].worker).not.toBe(victim.name);
    expect((await fetch(`${stack.server.url}/jobs/w-killed/result`)).status).toBe(200);
    // A fresh worker in its place for the next tests.
    workers.splice(workers.indexOf(victim), 1, await startWorkerProcess(stack.redis.url));
  });

  it('two workers drain 200 jobs, each run exactly once', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `drain-${i}`);
    await inParallel(ids, 8, async (id) => {
      const res = await submit(stack.server.url, { image: { bytes: small, name: `${id}.png` }, manifest: cheap(id) });
      expect(res.status).toBe(202);
    });
    const views: JobView[] = [];
    for (const id of ids) views.push(await follow(stack.server.url, id));
    expect(views.filter((v) => v.state !== 'done').map((v) => `${v.job_id}: ${v.state}`)).toEqual([]);
    // One attempt each, done: no job ran twice, none was lost.
    expect(views.every((v) => v.attempts.length === 1 && doneAttempts(v) === 1)).toBe(true);
    const by = new Set(views.map((v) => v.attempts[0].worker));
    expect([...by].sort()).toEqual(workers.map((w) => w.name).sort());
    const page = await getJson(stack.server.url, '/jobs?state=done&limit=500');
    expect(page.body.jobs.filter((j: { job_id: string }) => j.job_id.startsWith('drain-'))).toHaveLength(200);
  });

  it('a poison job that crashes every attempt ends in needs_review without holding up the rest', async () => {
    expect((await submit(stack.server.url, { image: { bytes: bigger, name: 'p.png' }, manifest: slow('poison') })).status).toBe(202);
    const others = Array.from({ length: 10 }, (_, i) => `after-poison-${i}`);
    for (const id of others)
      expect((await submit(stack.server.url, { image: { bytes: small, name: 'q.png' }, manifest: cheap(id) })).status).toBe(202);
    // Each attempt's process dies as soon as it has the job, as a crash in native code would end it.
    const killed = new Set<number>();
    const poison = await follow(stack.server.url, 'poison', undefined, undefined, (j) => {
      const open = j.attempts.at(-1);
      if (j.state === 'running' && open && !open.outcome && open.worker_pid && !killed.has(open.worker_pid)) {
        killed.add(open.worker_pid);
        process.kill(open.worker_pid, 'SIGKILL');
      }
    });
    expect(poison.state).toBe('needs_review');
    expect(poison.attempts.map((a) => a.outcome)).toEqual(['crashed', 'crashed', 'crashed']);
    expect(poison.review_reasons).toEqual([
      'retry budget spent: 3 attempts failed; the last: the worker process ended (killed by SIGKILL)',
    ]);
    for (const id of others) expect((await follow(stack.server.url, id)).state).toBe('done');
    // The workers survived every crash.
    for (const w of workers) expect(w.child.exitCode).toBeNull();
  });

  it('Redis killed and restarted mid-run: no accepted job is lost, none runs twice', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `restart-${i}`);
    await inParallel(ids, 8, async (id) => {
      expect((await submit(stack.server.url, { image: { bytes: small, name: 'p.png' }, manifest: cheap(id) })).status).toBe(202);
    });
    // Mid-run: jobs are still waiting or running when Redis goes.
    const waiting = (await getJson(stack.server.url, '/jobs?state=queued&limit=500')).body.jobs.length;
    const running = (await getJson(stack.server.url, '/jobs?state=running&limit=500')).body.jobs.length;
    expect(waiting + running).toBeGreaterThan(0);
    await stack.redis.restart();
    const views: JobView[] = [];
    for (const id of ids) views.push(await follow(stack.server.url, id));
    expect(views.map((v) => v.state)).toEqual(ids.map(() => 'done'));
    expect(views.map(doneAttempts)).toEqual(ids.map(() => 1));
    // The queue still takes new jobs.
    expect((await submit(stack.server.url, { image: { bytes: small, name: 'q.png' }, manifest: cheap('after-restart') })).status).toBe(202);
    expect((await follow(stack.server.url, 'after-restart')).state).toBe('done');
  });
});

describe('the server killed with -9 while workers run its jobs on BullMQ', () => {
  const root = mkdtempSync(join(tmpdir(), 'cleanplate-bull-kill9-'));
  let redis: TestRedis;
  let worker: WorkerProcess;
  let child: ChildProcess | undefined;
  beforeAll(async () => (redis = await startRedis()));
  afterAll(async () => {
    child?.kill('SIGKILL');
    await worker?.kill();
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  /** The server in its own process, on the same data folder and Redis each time; answers its URL. */
  const start = async (): Promise<string> => {
    const started = await startServerProcess({
      CLEANPLATE_TEST_ROOT: root,
      CLEANPLATE_DATA_DIR: join(root, 'data'),
      REDIS_URL: redis.url,
      CLEANPLATE_BACKOFF_MS: '20',
    });
    child = started.child;
    return started.url;
  };

  it('every accepted job finishes exactly once after the restart, no attempt spent on the outage', async () => {
    let url = await start();
    worker = await startWorkerProcess(redis.url);
    const ids = ['s1', 's2', 's3', 's4'];
    const [photo, small] = await Promise.all([testPng(64, 64), testPng(16, 16)]);
    // The first one runs long enough to be cut short; the others wait behind it.
    for (const id of ids) {
      const upload =
        id === 's1'
          ? { image: { bytes: photo, name: 'p.png' }, manifest: slow(id) }
          : { image: { bytes: small, name: 'q.png' }, manifest: cheap(id) };
      expect((await submit(url, upload)).status).toBe(202);
    }
    await follow(url, 's1', (j) => j.state === 'running');
    child!.kill('SIGKILL');
    await once(child!, 'exit');

    url = await start();
    const views: JobView[] = [];
    for (const id of ids) views.push(await follow(url, id));
    expect(views.map((v) => v.state)).toEqual(ids.map(() => 'done'));
    expect(views.map(doneAttempts)).toEqual(ids.map(() => 1));
    // The attempts the outage cut short are recorded as interrupted, never as the job's failures.
    for (const v of views) expect(v.attempts.every((a) => a.outcome === 'done' || a.outcome === 'interrupted')).toBe(true);
  });
});
