// Results expire: a server started on the same data with a shorter time removes finished
// jobs' files and answers 410 for them, keeping their records.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { follow, getJson, startServer, submit, testPng } from '../test/harness.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cleanplate-expiry-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('removes the files of finished jobs after the configured time: 410, record kept', async () => {
  const first = await startServer({ dataDir });
  expect(
    (await submit(first.url, { image: { bytes: await testPng(8, 8), name: 'p.png' }, manifest: { job_id: 'old', steps: [] } })).status,
  ).toBe(202);
  expect((await follow(first.url, 'old')).state).toBe('done');
  const result = await fetch(`${first.url}/jobs/old/result`);
  expect(result.status).toBe(200);
  expect((await result.arrayBuffer()).byteLength).toBeGreaterThan(0); // read, so the server can close at once
  await first.close();

  const later = await startServer({ dataDir, resultTtlMs: 0 });
  try {
    const res = await fetch(`${later.url}/jobs/old/result`);
    expect(res.status).toBe(410);
    expect(((await res.json()) as { error: string }).error).toMatch(/^job "old" finished at .*; its files have expired$/);
    const job = await getJson(later.url, '/jobs/old');
    expect(job.body).toMatchObject({ state: 'done', timings: { expired_at: expect.any(String) } });
  } finally {
    await later.close();
  }
});
