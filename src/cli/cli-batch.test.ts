// `cleanplate batch` end to end: killed mid-way (SIGKILL) and resumed without redoing
// finished files; bad inputs marked "needs review" without retries; per-file timeouts
// retried with backoff, then "needs review".
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchReport } from './batch/run-batch.ts';
import { STATE_FILE, type BatchState } from './batch/state.ts';
import { cli, cliDetached, crop, DEV, tempDir } from './test/run-cli.ts';

const root = tempDir('batch');
const inputs = join(root, 'in');
const manifest = join(root, 'job.json');
const GOOD = ['a.png', 'b.png', 'c.png'];

const reportOf = (outDir: string): BatchReport => JSON.parse(readFileSync(join(outDir, 'cleanplate-batch-report.json'), 'utf8'));
const stateOf = (outDir: string): BatchState | null => {
  try {
    return JSON.parse(readFileSync(join(outDir, STATE_FILE), 'utf8'));
  } catch {
    return null;
  }
};

beforeAll(async () => {
  mkdirSync(inputs);
  // Three small photos and one truncated JPEG.
  for (const [i, name] of GOOD.entries())
    await crop(join(DEV, 'holes/coffee/image.png'), join(inputs, name), { left: 300 + 40 * i, top: 200, width: 96, height: 96 });
  copyFileSync(join(DEV, 'bad/truncated.jpg'), join(inputs, 'd.jpg'));
  writeFileSync(
    manifest,
    JSON.stringify({ job_id: 'batch-test', steps: [{ op: 'inpaint', strokes: [{ points: [20, 20, 70, 60], width: 8 }] }] }),
  );
});

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('cleanplate batch', () => {
  it('resumes a killed batch where it stopped, skipping finished files', async () => {
    const out = join(root, 'out');
    const first = cliDetached('batch', '--manifest', manifest, '--input-dir', inputs, '--out-dir', out, '--concurrency', '1');
    const exited = new Promise((r) => first.on('exit', r));
    // Kill the batch and its worker as soon as the first file is recorded as done.
    await waitFor(() => Object.values(stateOf(out)?.files ?? {}).some((f) => f.status === 'done'), 120_000);
    process.kill(-first.pid!, 'SIGKILL');
    await exited;
    const doneBefore = Object.entries(stateOf(out)!.files)
      .filter(([, f]) => f.status === 'done')
      .map(([n]) => n);
    expect(doneBefore.length).toBeGreaterThanOrEqual(1);
    expect(doneBefore.length).toBeLessThan(GOOD.length);
    const firstBytes = readFileSync(join(out, doneBefore[0]));

    const second = cli(
      'batch',
      '--manifest',
      manifest,
      '--input-dir',
      inputs,
      '--out-dir',
      out,
      '--concurrency',
      '2',
      '--backoff-ms',
      '10',
    );
    // d.jpg is refused as bad input: exit 2, named in the summary.
    expect(second.code, second.stderr).toBe(2);
    expect(second.stdout).toMatch(/needs review: d\.jpg: .*truncated|needs review: d\.jpg: .*not a readable image/);
    const report = reportOf(out);
    const status = Object.fromEntries(report.files.map((f) => [f.file, f.status]));
    for (const name of doneBefore) expect(status[name]).toBe('skipped');
    for (const name of GOOD.filter((n) => !doneBefore.includes(n))) expect(status[name]).toBe('done');
    expect(report.files.find((f) => f.file === 'd.jpg')).toMatchObject({ status: 'needs_review', reason: 'bad_input', attempts: 1 });
    expect(report.summary).toMatchObject({ total: 4, done: GOOD.length - doneBefore.length, skipped: doneBefore.length, needs_review: 1 });
    // Skipped means untouched; every good input has its result and executed manifest.
    expect(readFileSync(join(out, doneBefore[0])).equals(firstBytes)).toBe(true);
    for (const name of GOOD) {
      const executed = JSON.parse(readFileSync(join(out, `${name}.manifest.json`), 'utf8'));
      expect(executed).toMatchObject({
        job_id: 'batch-test',
        source: { file: name },
        result: { file: name, runs: [{ step: 0, op: 'inpaint' }] },
      });
    }

    // A third run has nothing left to do but the file needing review.
    const third = cli('batch', '--manifest', manifest, '--input-dir', inputs, '--out-dir', out);
    expect(third.stdout).toMatch(/4 file\(s\): 0 done, 3 skipped \(already done\), 1 need review/);
    // A different job on the same folder is not skipped.
    const otherJob = join(root, 'other.json');
    writeFileSync(otherJob, JSON.stringify({ job_id: 'another-job', steps: [{ op: 'inpaint', strokes: [{ points: [5, 5], width: 6 }] }] }));
    rmSync(join(inputs, 'd.jpg'));
    const fourth = cli('batch', '--manifest', otherJob, '--input-dir', inputs, '--out-dir', out, '--concurrency', '2');
    expect(fourth.code, fourth.stderr).toBe(0);
    expect(reportOf(out).summary).toMatchObject({ total: 3, done: 3, skipped: 0 });
  });

  it('gives a file that keeps timing out its retries with backoff, then marks it "needs review"', async () => {
    const out = join(root, 'slow');
    const one = join(root, 'one');
    mkdirSync(one);
    // A x4 upscale of 256x256 takes seconds on the CPU: far over a 1 s limit.
    await crop(join(DEV, 'holes/coffee/image.png'), join(one, 'a.png'), { left: 0, top: 0, width: 256, height: 256 });
    const slow = join(root, 'slow.json');
    writeFileSync(slow, JSON.stringify({ job_id: 'slow', steps: [{ op: 'upscale', scale: 4 }] }));
    const r = cli(
      'batch',
      '--manifest',
      slow,
      '--input-dir',
      one,
      '--out-dir',
      out,
      '--timeout',
      '1',
      '--retries',
      '1',
      '--backoff-ms',
      '10',
    );
    expect(r.code).toBe(1);
    expect(reportOf(out).files).toEqual([
      expect.objectContaining({ file: 'a.png', status: 'needs_review', reason: 'timeout', attempts: 2, error: 'timed out after 1 s' }),
    ]);
    expect(existsSync(join(out, 'a.png'))).toBe(false);
  });
});
