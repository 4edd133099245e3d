// Recovery from the records alone: a job the server left "running" whose result files are on
// disk is finished from them, not run again.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { resolveConfig } from './register.ts';
import { EmbeddedJobQueue } from './embedded-queue.ts';
import { createFileStore } from './file-store.ts';
import type { JobRecord } from './types.ts';
import { WorkerPool } from '../../node/worker-pool.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cleanplate-recovery-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('finishes a job whose result exists without running it again', async () => {
  const store = createFileStore(dataDir);
  const record: JobRecord = {
    id: 'written-before-kill',
    state: 'running',
    key: 'k',
    manifest: { type: 'cleanplate.manifest', version: 1, steps: [{ op: 'upscale', scale: 2 }] },
    image: { name: 'p.png', sha256: 'a'.repeat(64), bytes: 1 },
    masks: [],
    result_file: 'result.png',
    timeout_ms: 60_000,
    max_attempts: 3,
    attempts: [{ number: 1, started_at: new Date().toISOString(), worker_pid: 1 }],
    progress: [{ step: 0, op: 'upscale', state: 'running', fraction: 0.5 }],
    submitted_at: new Date().toISOString(),
  };
  store.save(record);
  const folder = store.folder(record.id);
  mkdirSync(join(folder, 'input'), { recursive: true });
  writeFileSync(join(folder, 'result.png'), 'the result');
  const runs = [{ step: 0, op: 'upscale', ms: 5 }];
  const result = { file: 'result.png', sha256: 'b'.repeat(64), width: 2, height: 2, runs };
  writeFileSync(join(folder, 'result.png.manifest.json'), JSON.stringify({ ...record.manifest, result }));

  let spawned = 0;
  const pool = new WorkerPool({ size: 1, memoryMb: 512, threads: 1 });
  const run = pool.run.bind(pool);
  pool.run = (...args) => (spawned++, run(...args));
  const queue = new EmbeddedJobQueue(resolveConfig({ dataDir, concurrency: 1 }), { store, pool, publicUrl: () => undefined });
  queue.start();
  const job = queue.get(record.id)!;
  expect(job.state).toBe('done');
  expect(job.attempts).toEqual([
    expect.objectContaining({ number: 1, outcome: 'done', error: 'the result was written before the server stopped' }),
  ]);
  expect(spawned).toBe(0);
  expect(createFileStore(dataDir).loadAll()[0].state).toBe('done');
  await queue.close();
});
