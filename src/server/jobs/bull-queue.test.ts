// The job API with REDIS_URL set: the same routes and records as the embedded queue, the jobs
// queued on BullMQ in a real Redis and run by a real `cleanplate worker` process that shares no
// folder with the server (inputs and results go over the internal routes).
import sharp from 'sharp';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { loadTokens } from '../http/auth.ts';
import { bullStackForTests } from '../test/bull-stack.ts';
import { follow, getJson, startServer, submit, testPng } from '../test/harness.ts';
import { freePort, startRedis } from '../test/redis-server.ts';
import { startWorkerProcess } from '../test/workers.ts';

const fill = (w: number, h: number) => ({
  op: 'inpaint',
  strokes: [{ points: [w * 0.2, h * 0.3, w * 0.6, h * 0.6], width: 4 }],
  engine: 'patchmatch',
});

describe('the job server on BullMQ (REDIS_URL)', () => {
  const stack = bullStackForTests();
  const { workers } = stack;

  it('runs a job on a worker and serves its result, executed manifest and record as the embedded queue does', async () => {
    const png = await testPng(64, 48);
    const manifest = { job_id: 'bull-1', steps: [fill(64, 48)] };
    const res = await submit(stack.server.url, { image: { bytes: png, name: 'p.png' }, manifest });
    expect(res.status).toBe(202);
    const steps: string[] = [];
    const job = await follow(stack.server.url, 'bull-1', undefined, undefined, (j) => steps.push(j.progress[0].state));
    expect(job.state).toBe('done');
    expect(steps).toContain('running');
    expect(job.attempts).toHaveLength(1);
    expect(job.attempts[0]).toMatchObject({ outcome: 'done', worker: workers[0].name });
    const result = await fetch(`${stack.server.url}/jobs/bull-1/result`);
    expect(result.status).toBe(200);
    const meta = await sharp(Buffer.from(await result.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 64, 48]);
    const executed = await getJson(stack.server.url, '/jobs/bull-1/manifest');
    expect(executed.body.result.runs[0].engine).toBe('patchmatch');
    // The same job_id with the same content is the same job, not a second run.
    const again = await submit(stack.server.url, { image: { bytes: png, name: 'p.png' }, manifest });
    expect(again.status).toBe(200);
    expect((await getJson(stack.server.url, '/jobs/bull-1')).body.attempts).toHaveLength(1);
  });

  it('cancels a running job on its worker, which goes on to the next job', async () => {
    const png = await testPng(96, 96);
    const slow = {
      job_id: 'bull-cancel',
      steps: [
        { op: 'upscale', scale: 4 },
        { op: 'upscale', scale: 2 },
      ],
    };
    expect((await submit(stack.server.url, { image: { bytes: png, name: 'p.png' }, manifest: slow })).status).toBe(202);
    await follow(stack.server.url, 'bull-cancel', (j) => j.state === 'running');
    const cancelled = await fetch(`${stack.server.url}/jobs/bull-cancel`, { method: 'DELETE' });
    expect(cancelled.status).toBe(200);
    expect((await follow(stack.server.url, 'bull-cancel')).state).toBe('cancelled');

    const next = { job_id: 'bull-after-cancel', steps: [fill(64, 48)] };
    expect((await submit(stack.server.url, { image: { bytes: await testPng(), name: 'q.png' }, manifest: next })).status).toBe(202);
    const job = await follow(stack.server.url, 'bull-after-cancel');
    expect(job.state).toBe('done');
    expect(job.attempts[0].worker).toBe(workers[0].name);
    // The cancelled job's result never arrives, even after its worker moved on.
    expect((await fetch(`${stack.server.url}/jobs/bull-cancel/result`)).status).toBe(409);
  });

  it('refuses the internal routes without the workers’ token', async () => {
    const res = await fetch(`${stack.server.url}/internal/jobs/bull-1/input/p.png`);
    expect(res.status).toBe(401);
    const wrong = await fetch(`${stack.server.url}/internal/jobs/bull-1/input/p.png`, {
      headers: { authorization: 'Bearer not-the-token-at-all' },
    });
    expect(wrong.status).toBe(403);
  });
});

describe('the BullMQ queue, set up', () => {
  it('refuses to start when Redis cannot be reached, saying what to do', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    await expect(startServer({ redis: { url, prefix: 'cleanplate' } })).rejects.toThrow(`cannot reach Redis at ${url}`);
  });

  it('applies the workers’ rate limit: a second job waits for the window', async () => {
    const redis = await startRedis();
    const server = await startServer({ redis: { url: redis.url, prefix: 'rated' } });
    const worker = await startWorkerProcess(redis.url, ['--rate', '1/600'], { CLEANPLATE_REDIS_PREFIX: 'rated' });
    const queue = new Queue('jobs', { connection: { host: '127.0.0.1', port: redis.port }, prefix: 'rated' });
    try {
      const png = await testPng(16, 16);
      for (const id of ['rated-1', 'rated-2'])
        expect(
          (await submit(server.url, { image: { bytes: png, name: 'p.png' }, manifest: { job_id: id, steps: [fill(16, 16)] } })).status,
        ).toBe(202);
      const first = await follow(server.url, 'rated-1');
      expect(first.state).toBe('done');
      // One job per 600 s: the limiter holds the second (its window is open in Redis) and it never started.
      expect(await queue.getRateLimitTtl()).toBeGreaterThan(500_000);
      const second = await getJson(server.url, '/jobs/rated-2');
      expect([second.body.state, second.body.attempts]).toEqual(['queued', []]);
    } finally {
      await queue.close();
      await worker.kill();
      await server.close();
      await redis.stop();
    }
  });
});

describe('the review queue on BullMQ', () => {
  const REVIEWER = 'ana-reviewer-token-0123456789';
  const UPLOADER = 'pipeline-token-0123456789abcdef';
  const stack = bullStackForTests({ tokens: loadTokens({ CLEANPLATE_TOKENS: `ana:${REVIEWER}:reviewer,pipeline:${UPLOADER}` }) });
  const { workers } = stack;

  it('takes a reviewer’s decisions: approve, and send back with new steps, which a worker runs', async () => {
    const png = await testPng(64, 48);
    for (const id of ['bull-approve', 'bull-back']) {
      const manifest = { job_id: id, steps: [fill(64, 48)], review: true };
      expect((await submit(stack.server.url, { image: { bytes: png, name: 'p.png' }, manifest, token: UPLOADER })).status).toBe(202);
      expect((await follow(stack.server.url, id, undefined, UPLOADER)).state).toBe('needs_review');
    }
    const post = (path: string, body: unknown) =>
      fetch(`${stack.server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${REVIEWER}` },
        body: JSON.stringify(body),
      });
    expect((await post('/review/jobs/bull-approve/decision', { decision: 'approved' })).status).toBe(200);
    expect((await getJson(stack.server.url, '/jobs/bull-approve', UPLOADER)).body.state).toBe('done');

    const steps = [fill(64, 48), { ...fill(64, 48), strokes: [{ points: [40, 10, 50, 40], width: 4 }] }];
    const back = await post('/review/jobs/bull-back/send-back', { manifest: { steps }, reason: 'one more stroke' });
    expect(back.status, await back.clone().text()).toBe(200);
    const done = await follow(stack.server.url, 'bull-back', undefined, UPLOADER);
    expect(done.state).toBe('done');
    expect(done.attempts.map((a) => a.outcome)).toEqual(['done', 'done']);
    expect(done.attempts[1].worker).toBe(workers[0].name);
    const executed = await getJson(stack.server.url, '/jobs/bull-back/manifest', UPLOADER);
    expect(executed.body.result.runs).toHaveLength(2);
    expect(executed.body.reviews).toMatchObject([{ decision: 'sent_back', reviewer: 'ana', reason: 'one more stroke' }]);
  });

  // The worker uploads the result (the job is in review) before it completes its BullMQ job: a
  // send-back in that moment must still run the new attempt, and the old completion not end it.
  it('runs a job sent back the moment it is in review, every time', async () => {
    const png = await testPng(32, 24);
    const states: string[] = [];
    for (let i = 0; i < 20; i++) {
      const id = `bull-quick-${i}`;
      const manifest = { job_id: id, steps: [fill(32, 24)], review: true };
      expect((await submit(stack.server.url, { image: { bytes: png, name: 'p.png' }, manifest, token: UPLOADER })).status).toBe(202);
      expect((await follow(stack.server.url, id, undefined, UPLOADER)).state).toBe('needs_review');
      const back = await fetch(`${stack.server.url}/review/jobs/${id}/send-back`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${REVIEWER}` },
        body: JSON.stringify({ manifest: { steps: [fill(32, 24)] } }),
      });
      expect(back.status).toBe(200);
      const job = await follow(stack.server.url, id, undefined, UPLOADER);
      states.push(`${id}: ${job.state} ${job.review_reasons ?? ''}`);
    }
    expect(states).toEqual(Array.from({ length: 20 }, (_, i) => `bull-quick-${i}: done `));
  });
});
