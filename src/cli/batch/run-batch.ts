// A batch: one manifest over every image of a folder, N files at a time, each in a child
// process with a timeout, retried with backoff, then marked "needs review". Files already
// done for the same job_id and input hash are skipped, so a killed batch resumes.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { ExecutedManifest } from '../../ops/manifest.ts';
import { executedManifestPath, reviewNote } from '../apply.ts';
import { writeFileAtomic } from '../image-io.ts';
import { applyInChild, type Attempt } from './child.ts';
import { progressReporter, type ProgressCounts } from './progress.ts';
import { backoffDelay, sleep, type RetryPolicy } from './retry.ts';
import { isDone, loadState, stateWriter } from './state.ts';

export const REPORT_FILE = 'cleanplate-batch-report.json';
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.tif', '.tiff']);

export interface BatchOptions {
  manifest: string;
  jobId: string;
  inputDir: string;
  outDir: string;
  concurrency: number;
  timeoutMs: number;
  retry: RetryPolicy;
  stripMetadata: boolean;
}

export interface FileReport {
  file: string;
  status: 'done' | 'skipped' | 'needs_review';
  attempts: number;
  ms: number;
  out?: string;
  /** Why a file needs review: refused as bad input, failed or timed out (after retries), or text may remain in its result. */
  reason?: 'bad_input' | 'failed' | 'timeout' | 'leftover_text';
  error?: string;
}

export interface BatchReport {
  job_id: string;
  manifest: string;
  input_dir: string;
  out_dir: string;
  started_at: string;
  finished_at: string;
  summary: { total: number; done: number; skipped: number; needs_review: number };
  files: FileReport[];
}

export async function listImages(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  const files = await Promise.all(
    names.map(async (n) => ((await stat(join(dir, n))).isFile() && IMAGE_EXTENSIONS.has(extname(n).toLowerCase()) ? n : null)),
  );
  return files.filter((n): n is string => n !== null).sort();
}

/** A finished result a person should still check (see reviewNote), read from its executed manifest. */
async function resultReview(out: string): Promise<string | null> {
  return reviewNote(JSON.parse(await readFile(executedManifestPath(out), 'utf8')) as ExecutedManifest);
}

/** The report line of a processed file; a finished result with text left in it needs review too. */
async function fileReport(file: string, out: string, attempts: number, last: Attempt): Promise<FileReport> {
  const base = { file, attempts, ms: last.ms };
  if (last.outcome !== 'done') return { ...base, status: 'needs_review', reason: last.outcome, error: last.error };
  const review = await resultReview(out);
  if (review) return { ...base, status: 'needs_review', out: basename(out), reason: 'leftover_text', error: review };
  return { ...base, status: 'done', out: basename(out) };
}

const sha256File = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

/** Runs one file to completion: attempts until done, refused as bad input, or out of retries. */
async function processFile(options: BatchOptions, name: string): Promise<{ attempts: number; last: Attempt }> {
  const job = {
    manifest: options.manifest,
    input: join(options.inputDir, name),
    out: join(options.outDir, name),
    stripMetadata: options.stripMetadata,
    timeoutMs: options.timeoutMs,
  };
  let attempts = 0;
  for (;;) {
    attempts++;
    const last = await applyInChild(job);
    // Bad input fails the same way every time: no retry.
    if (last.outcome === 'done' || last.outcome === 'bad_input' || attempts > options.retry.retries) return { attempts, last };
    await sleep(backoffDelay(options.retry, attempts));
  }
}

export async function runBatch(options: BatchOptions): Promise<BatchReport> {
  const started = new Date();
  await mkdir(options.outDir, { recursive: true });
  const names = await listImages(options.inputDir);
  const state = await loadState(options.outDir);
  const save = stateWriter(options.outDir, state);
  const counts: ProgressCounts = { total: names.length, done: 0, skipped: 0, review: 0, running: 0 };
  const progress = progressReporter();
  const reports: FileReport[] = [];
  const queue = [...names];

  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const sha256 = await sha256File(join(options.inputDir, name));
      const out = join(options.outDir, name);
      if (isDone(state, name, options.jobId, sha256) && existsSync(out)) {
        counts.skipped++;
        reports.push({ file: name, status: 'skipped', attempts: 0, ms: 0, out: basename(out) });
        progress.fileFinished(counts, name, 'skipped (already done)');
        continue;
      }
      counts.running++;
      progress.update(counts);
      const { attempts, last } = await processFile(options, name);
      counts.running--;
      const report = await fileReport(name, out, attempts, last);
      const { status, error } = report;
      await save(name, {
        job_id: options.jobId,
        sha256,
        status: status === 'done' ? 'done' : 'needs_review',
        attempts,
        ...(report.out ? { out: report.out } : {}),
        ...(error ? { error } : {}),
      });
      if (status === 'done') counts.done++;
      else counts.review++;
      reports.push(report);
      progress.fileFinished(counts, name, status === 'done' ? `done (${(last.ms / 1000).toFixed(1)} s)` : `needs review: ${error}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, Math.max(1, names.length)) }, worker));
  progress.end();

  reports.sort((a, b) => a.file.localeCompare(b.file));
  const report: BatchReport = {
    job_id: options.jobId,
    manifest: resolve(options.manifest),
    input_dir: resolve(options.inputDir),
    out_dir: resolve(options.outDir),
    started_at: started.toISOString(),
    finished_at: new Date().toISOString(),
    summary: { total: names.length, done: counts.done, skipped: counts.skipped, needs_review: counts.review },
    files: reports,
  };
  await writeFileAtomic(join(options.outDir, REPORT_FILE), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}
