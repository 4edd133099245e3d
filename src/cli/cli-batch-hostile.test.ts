// `cleanplate batch` against hostile and unusual inputs, end to end with real child processes,
// symlinks and signals: unreadable inputs fail alone, a file named like an option runs, a
// changed manifest reruns, a broken state file is reported and rebuilt from the executed
// manifests, a result that no longer matches its manifest reruns, one batch per output folder,
// and SIGTERM stops the children and records their files as not done.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from './batch/lock.ts';
import type { BatchReport } from './batch/run-batch.ts';
import { STATE_FILE, type BatchState } from './batch/state.ts';
import { cli, cliDetached, tempDir } from './test/run-cli.ts';

const root = tempDir('batch-hostile');
const inputs = join(root, 'in');
const manifest = join(root, 'job.json');
const jobWith = (points: number[]) => ({
  job_id: 'hostile',
  steps: [{ op: 'inpaint', engine: 'patchmatch', strokes: [{ points, width: 6 }] }],
});

const reportOf = (outDir: string): BatchReport => JSON.parse(readFileSync(join(outDir, 'cleanplate-batch-report.json'), 'utf8'));
const stateOf = (outDir: string): BatchState => JSON.parse(readFileSync(join(outDir, STATE_FILE), 'utf8'));
const statusOf = (outDir: string) => Object.fromEntries(reportOf(outDir).files.map((f) => [f.file, f.status]));
const batch = (outDir: string, ...more: string[]) =>
  cli('batch', '--manifest', manifest, '--input-dir', inputs, '--out-dir', outDir, '--backoff-ms', '10', ...more);
const noise = (size: number, seed: number) =>
  sharp({
    create: { width: size, height: size, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 100 + seed, sigma: 30 } },
  });

beforeAll(async () => {
  mkdirSync(inputs);
  await noise(48, 0).png().toFile(join(inputs, 'a.png'));
  await noise(48, 1).png().toFile(join(inputs, '-x.png'));
  symlinkSync(join(root, 'gone.png'), join(inputs, 'dangling.png'));
  symlinkSync(join(inputs, 'loop.png'), join(inputs, 'loop.png'));
  writeFileSync(manifest, JSON.stringify(jobWith([10, 10, 30, 30])));
});

describe('cleanplate batch on hostile inputs', () => {
  const out = join(root, 'out');

  it('fails unreadable inputs alone and runs a file named like an option', () => {
    const r = batch(out);
    expect(r.code, r.stderr).toBe(2);
    const report = reportOf(out);
    expect(statusOf(out)).toEqual({ '-x.png': 'done', 'a.png': 'done', 'dangling.png': 'failed', 'loop.png': 'failed' });
    expect(report.files.find((f) => f.file === 'dangling.png')).toMatchObject({
      reason: 'unreadable',
      error: 'cannot read dangling.png: it is a symlink to a file that does not exist',
    });
    expect(report.files.find((f) => f.file === 'loop.png')?.error).toBe('cannot read loop.png: it is a symlink loop');
    expect(report.summary).toMatchObject({ total: 4, done: 2, failed: 2 });
    expect(r.stdout).toMatch(/failed: dangling\.png: cannot read/);
    expect(JSON.parse(readFileSync(join(out, '-x.png.manifest.json'), 'utf8'))).toMatchObject({ source: { file: '-x.png' } });
  });

  it('skips what is done for the same manifest, reruns every file when the manifest changes under the same job_id', () => {
    batch(out);
    expect(statusOf(out)).toMatchObject({ '-x.png': 'skipped', 'a.png': 'skipped' });
    const before = readFileSync(join(out, 'a.png'));
    writeFileSync(manifest, JSON.stringify(jobWith([4, 40, 44, 8])));
    const r = batch(out);
    expect(statusOf(out)).toMatchObject({ '-x.png': 'done', 'a.png': 'done' });
    expect(r.stdout).toMatch(/2 done, 0 skipped/);
    expect(readFileSync(join(out, 'a.png')).equals(before)).toBe(false);
    const executed = JSON.parse(readFileSync(join(out, 'a.png.manifest.json'), 'utf8'));
    expect(executed.steps[0].strokes[0].points).toEqual([4, 40, 44, 8]);
  });

  it.each([
    ['not JSON', '{"version": 1, "files": {', /it is not valid JSON/],
    ['files: []', '{"version": 1, "files": []}', /its "files" is a list, not an object keyed by file name/],
  ])('reports a state file that is %s and rebuilds it from the executed manifests', (_, text, problem) => {
    writeFileSync(join(out, STATE_FILE), text);
    const r = batch(out);
    expect(r.stderr).toMatch(problem);
    expect(r.stderr).toMatch(/rebuilt it from 2 executed manifest\(s\)/);
    expect(statusOf(out)).toMatchObject({ '-x.png': 'skipped', 'a.png': 'skipped' });
    const state = stateOf(out);
    expect(Object.keys(state.files).sort()).toEqual(['-x.png', 'a.png']);
    expect(state.files['a.png']).toMatchObject({
      job_id: 'hostile',
      status: 'done',
      manifest_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('reruns a file whose result no longer matches its executed manifest (a set cut short)', async () => {
    writeFileSync(join(out, 'a.png'), await noise(48, 9).png().toBuffer());
    batch(out);
    expect(statusOf(out)).toMatchObject({ 'a.png': 'done', '-x.png': 'skipped' });
  });

  it('refuses a second batch on a folder locked by a live process, takes over a stale lock', () => {
    const lock = join(out, LOCK_FILE);
    writeFileSync(lock, JSON.stringify({ pid: process.pid, job_id: 'other', started_at: '2026-01-01T00:00:00.000Z' }));
    const refused = batch(out);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(
      `cleanplate batch: another cleanplate batch (pid ${process.pid}, job "other", started 2026-01-01T00:00:00.000Z) is writing to ${out}; wait for it to finish or choose another --out-dir`,
    );
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(lock, JSON.stringify({ pid: dead, job_id: 'other', started_at: '2026-01-01T00:00:00.000Z' }));
    expect(batch(out).stdout).toMatch(/2 skipped/);
    expect(existsSync(lock)).toBe(false);
  });

  it('refuses an output folder it cannot create, before any work', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    const r = batch(join(file, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cleanplate batch: cannot create --out-dir .*a-file\/out \(ENOTDIR\); choose another\n$/);
  });
});

/**
 * Process ids of the Node processes `pid` started (the batch's children), from /proc. Not
 * any child: until the `cleanplate` shell script has exec'd Node, its own subshell (finding
 * its folder) is one.
 */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return (
          Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid && basename(readlinkSync(`/proc/${d}/exe`)).startsWith('node')
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until<T>(probe: () => T | undefined): Promise<T> {
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('cleanplate batch stopped by SIGTERM', () => {
  it('stops its child, records the files as not done, and a second batch on the folder is refused meanwhile', async () => {
    const dir = join(root, 'slow-in');
    const out = join(root, 'slow-out');
    mkdirSync(dir);
    // A x4 upscale of 768x768 runs far longer on a CPU than this test takes to stop it.
    for (const name of ['p.png', 'q.png']) await noise(768, 3).png().toFile(join(dir, name));
    const slow = join(root, 'slow.json');
    writeFileSync(slow, JSON.stringify({ job_id: 'slow', steps: [{ op: 'upscale', scale: 4 }] }));
    const first = cliDetached('batch', '--manifest', slow, '--input-dir', dir, '--out-dir', out);
    let stderr = '';
    first.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => first.on('exit', (code) => r(code)));
    const child = await until(() => childrenOf(first.pid!)[0]);

    const second = cli('batch', '--manifest', slow, '--input-dir', dir, '--out-dir', out);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`another cleanplate batch \\(pid ${first.pid}, job "slow"`));

    process.kill(first.pid!, 'SIGTERM');
    expect(await exited, stderr).toBe(143);
    expect(existsSync(`/proc/${child}`)).toBe(false);
    const report = reportOf(out);
    expect(report.interrupted).toBe(true);
    expect(report.files).toEqual([
      expect.objectContaining({ file: 'p.png', status: 'not_done', reason: 'interrupted', attempts: 1 }),
      expect.objectContaining({ file: 'q.png', status: 'not_done', reason: 'interrupted', attempts: 0 }),
    ]);
    expect(report.summary).toMatchObject({ total: 2, done: 0, not_done: 2 });
    expect(Object.keys(stateOf(out).files)).toEqual([]);
    // Nothing half-written or locked is left behind.
    expect(readdirSync(out).sort()).toEqual(['.cleanplate-batch.json', 'cleanplate-batch-report.json']);
  });
});
