// Faults with real processes: a worker killed mid-job, attempts that keep timing out, and the
// whole server killed with -9 while jobs wait and run, then started again on the same data.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { follow, getJson, serverForTests, startServerProcess, submit, testPng } from '../test/harness.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../test/webhook-receiver.ts';

describe('a worker process killed mid-job', () => {
  const server = serverForTests({ concurrency: 1 });

  it('costs that attempt only: the job is retried and done once', async () => {
    const png = await testPng(96, 96);
    const manifest = {
      job_id: 'killed-worker',
      steps: [
        { op: 'upscale', scale: 4 },
        { op: 'upscale', scale: 2 },
      ],
    };
    expect((await submit(server.url, { image: { bytes: png, name: 'p.png' }, manifest })).status).toBe(202);
    const running = await follow(server.url, 'killed-worker', (j) => j.state === 'running' && j.progress[0].state === 'running');
    const pid = running.attempts[0].worker_pid!;
    process.kill(pid, 'SIGKILL');
    const job = await follow(server.url, 'killed-worker');
    expect(job.state).toBe('done');
    expect(job.attempts.map((a) => a.outcome)).toEqual(['crashed', 'done']);
    expect(job.attempts[0].error).toBe('the worker process ended (killed by SIGKILL)');
    expect(job.attempts[1].worker_pid).not.toBe(pid);
    expect((await fetch(`${server.url}/jobs/killed-worker/result`)).status).toBe(200);
  });

  it('a job whose every attempt times out ends in needs_review with every attempt recorded', async () => {
    const png = await testPng(32, 32);
    const res = await submit(server.url, {
      image: { bytes: png, name: 'p.png' },
      manifest: { job_id: 'always-late', steps: [{ op: 'upscale', scale: 2 }] },
      fields: { timeout: '0.001' },
    });
    expect(res.status).toBe(202);
    const job = await follow(server.url, 'always-late');
    expect(job.state).toBe('needs_review');
    expect(job.attempts.map((a) => a.outcome)).toEqual(['timeout', 'timeout', 'timeout']);
    expect(job.review_reasons).toEqual(['retry budget spent: 3 attempts failed; the last: timed out after 0 s']);
  });
});

describe('the server killed with -9 while jobs wait and run', () => {
  const root = mkdtempSync(join(tmpdir(), 'cleanplate-kill9-'));
  const secret = `whsec_${Buffer.from('kill9-test-secret-kill9-test-secret').toString('base64')}`;
  let child: ChildProcess | undefined;
  let hooks: WebhookReceiver<{ job_id: string; state: string }>;
  // A delivery with a wrong signature is refused (401), so the server would deliver it again.
  beforeAll(async () => (hooks = await startWebhookReceiver(secret, (_, res, d) => res.writeHead(d.signatureOk ? 204 : 401).end())));
  afterAll(() => {
    child?.kill('SIGKILL');
    hooks.close();
    rmSync(root, { recursive: true, force: true });
  });

  const start = async (): Promise<string> => {
    const started = await startServerProcess({
      CLEANPLATE_TEST_ROOT: root,
      CLEANPLATE_DATA_DIR: join(root, 'data'),
      CLEANPLATE_CONCURRENCY: '1',
      CLEANPLATE_BACKOFF_MS: '20',
      CLEANPLATE_WEBHOOK_SECRET: secret,
      CLEANPLATE_CALLBACK_HOSTS: '127.0.0.1',
      CLEANPLATE_CALLBACK_ALLOW_PRIVATE: `127.0.0.1:${hooks.port}`,
    });
    child = started.child;
    return started.url;
  };

  it('every accepted job finishes exactly once after a restart', async () => {
    let url = await start();
    const png = await testPng(96, 96);
    const ids = ['k1', 'k2', 'k3', 'k4'];
    for (const id of ids) {
      const manifest = { job_id: id, steps: [{ op: 'upscale', scale: 4 }], callback: `http://127.0.0.1:${hooks.port}/hook` };
      expect((await submit(url, { image: { bytes: png, name: `${id}.png` }, manifest })).status).toBe(202);
    }
    // Kill it while the first job runs and the others wait.
    await follow(url, 'k1', (j) => j.state === 'running');
    child!.kill('SIGKILL');
    await once(child!, 'exit');

    url = await start();
    const views = [];
    for (const id of ids) views.push(await follow(url, id, (j) => j.state === 'done' && j.callback?.state === 'delivered'));
    for (const v of views) expect(v.attempts.filter((a) => a.outcome === 'done')).toHaveLength(1);
    expect(views[0].attempts[0].outcome).toMatch(/^(interrupted|done)$/);
    // One delivery (one webhook id) per job, each of state done.
    expect(hooks.received.map((d) => [d.body.job_id, d.body.state, d.signatureOk]).sort()).toEqual(ids.map((id) => [id, 'done', true]));
    expect(new Set(hooks.received.map((d) => d.webhookId)).size).toBe(ids.length);
    const all = await getJson(url, '/jobs?state=done');
    expect(all.body.jobs.map((j: { job_id: string }) => j.job_id)).toEqual(ids);
    const results = await Promise.all(ids.map(async (id) => (await fetch(`${url}/jobs/${id}/result`)).status));
    expect(results).toEqual([200, 200, 200, 200]);
  });
});
