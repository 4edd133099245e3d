// The end-to-end server keeps its data in a fresh temporary folder per run and removes it when
// stopped, as Playwright stops it: no run sees another's jobs or sources, locally as on CI.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';

/** e2e/serve.ts on a free port; its url and data folder from its "listening" line. */
async function startServe(): Promise<{ child: ChildProcess; url: string; dataDir: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'serve.ts')], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout! })) {
    const m = /^listening (\S+) data (.+)$/.exec(line);
    if (m) return { child, url: m[1], dataDir: m[2] };
  }
  throw new Error('e2e/serve.ts stopped before listening');
}

test('each server gets an empty temporary data folder, removed when it is stopped', async () => {
  const png = await sharp({ create: { width: 16, height: 12, channels: 3, background: '#3a6' } })
    .png()
    .toBuffer();
  const sha = createHash('sha256').update(png).digest('hex');
  const first = await startServe();
  const second = await startServe();
  try {
    for (const { dataDir } of [first, second]) {
      expect(resolve(dataDir).startsWith(resolve(tmpdir()))).toBe(true);
      expect(existsSync(join(dataDir, 'sources')) ? readdirSync(join(dataDir, 'sources')) : []).toEqual([]);
    }
    expect(first.dataDir).not.toBe(second.dataDir);
    // What one server keeps lands in its own folder, and the other does not hold it.
    const put = await fetch(`${first.url}/sources/${sha}`, {
      method: 'PUT',
      body: new Uint8Array(png),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(put.status).toBe(201);
    expect(readdirSync(join(first.dataDir, 'sources'))).toEqual([sha]);
    expect((await fetch(`${second.url}/sources/${sha}`, { method: 'HEAD' })).status).toBe(404);
  } finally {
    for (const { child } of [first, second]) {
      if (child.exitCode !== null) continue;
      child.kill('SIGTERM'); // as Playwright's gracefulShutdown does
      await once(child, 'exit');
    }
  }
  expect(existsSync(first.dataDir)).toBe(false);
  expect(existsSync(second.dataDir)).toBe(false);
});
