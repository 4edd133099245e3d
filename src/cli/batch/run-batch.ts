// A batch: one manifest over every image of a folder, N files at a time, each in a child
// process with a timeout, retried with backoff, then marked "needs review". Files already
// done for the same job_id, input hash and manifest content are skipped (when their result
// still matches its executed manifest), so a killed batch resumes. An input that cannot be
// read (a dangling symlink, no permission) is "failed" and the rest run. One batch per output
// folder at a time (lock.ts); a stop request ends the running children and records their files
// as not done.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { reviewNote } from '../apply.ts';
import { writeFileAtomic } from '../output-files.ts';
import { shareOfCores } from '../../node/threads.ts';
import { applyInChild, type Attempt } from './child.ts';
import { readOutputSet } from './outputs-match.ts';
import { progressReporter, type ProgressCounts } from './progress.ts';
import { backoffDelay, type RetryPolicy } from './retry.ts';
import { isDone, type LoadedState, type stateWriter } from './state.ts';

export const REPORT_FILE = 'cleanplate-batch-report.json';
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.tif', '.tiff']);

export interface BatchOptions {
  manifest: string;
  jobId: string;
  /** manifestKey of the manifest: a change to it reruns every file. */
  manifestSha256: string;
  inputDir: string;
  outDir: string;
  concurrency: number;
  timeoutMs: number;
  retry: RetryPolicy;
  stripMetadata: boolean;
  /** Aborted to stop: running children are ended, and they and the files not started are "not_done". */
  stop?: AbortSignal;
  /** The state, loaded (and rebuilt if need be) by the caller under the folder's lock. */
  state: LoadedState['state'];
  save: ReturnType<typeof stateWriter>;
}

export type FileStatus = 'done' | 'skipped' | 'needs_review' | 'failed' | 'not_done';

export interface FileReport {
  file: string;
  status: FileStatus;
  attempts: number;
  ms: number;
  out?: string;
  /**
   * Why a file needs review (refused as bad input, failed or timed out after retries, or text
   * may remain in its result), failed (its input could not be read) or is not done (the batch was stopped).
   */
  reason?: 'bad_input' | 'failed' | 'timeout' | 'leftover_text' | 'unreadable' | 'interrupted';
  error?: string;
}

export interface BatchReport {
  job_id: string;
  manifest: string;
  manifest_sha256: string;
  input_dir: string;
  out_dir: string;
  started_at: string;
  finished_at: string;
  /** True when the batch was stopped (SIGTERM, SIGINT) before every file ran. */
  interrupted: boolean;
  summary: { total: number; done: number; skipped: number; needs_review: number; failed: number; not_done: number };
  files: FileReport[];
}

/** Image names in the folder; entries that cannot be looked at (a dangling symlink) are listed too, and fail when read. */
export async function listImages(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => IMAGE_EXTENSIONS.has(extname(n).toLowerCase()));
  const files = await Promise.all(
    names.map(async (n) =>
      stat(join(dir, n)).then(
        (s) => (s.isFile() ? n : null),
        () => n,
      ),
    ),
  );
  return files.filter((n): n is string => n !== null).sort();
}

const READ_PROBLEMS: Record<string, string> = {
  ENOENT: 'it is a symlink to a file that does not exist',
  ELOOP: 'it is a symlink loop',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder',
};

/** The input's sha256, or why it cannot be read. */
async function inputDigest(path: string): Promise<{ sha256: string } | { problem: string }> {
  try {
    return {
      sha256: createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
    };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    return { problem: `cannot read ${basename(path)}: ${READ_PROBLEMS[code] ?? (e as Error).message}` };
  }
}

/** The report line of a processed file; a finished result with text left in it needs review too. */
async function fileReport(file: string, out: string, attempts: number, last: Attempt): Promise<FileReport> {
  const base = { file, attempts, ms: last.ms };
  if (last.outcome === 'interrupted') return { ...base, status: 'not_done', reason: 'interrupted', error: last.error };
  if (last.outcome !== 'done') return { ...base, status: 'needs_review', reason: last.outcome, error: last.error };
  const set = await readOutputSet(out);
  if (!set.ok) return { ...base, status: 'needs_review', reason: 'failed', error: set.problem };
  const review = reviewNote(set.executed);
  if (review) return { ...base, status: 'needs_review', out: basename(out), reason: 'leftover_text', error: review };
  return { ...base, status: 'done', out: basename(out) };
}

/** Waits `ms`, or less when a stop is requested. */
const pause = (ms: number, stop?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      stop?.removeEventListener('abort', done);
      resolve();
    }
    stop?.addEventListener('abort', done, { once: true });
  });

/** Runs one file to completion: attempts until done, refused as bad input, stopped, or out of retries. */
async function processFile(options: BatchOptions, name: string): Promise<{ attempts: number; last: Attempt }> {
  const job = {
    manifest: options.manifest,
    input: join(options.inputDir, name),
    out: join(options.outDir, name),
    stripMetadata: options.stripMetadata,
    timeoutMs: options.timeoutMs,
    stop: options.stop,
    threads: shareOfCores(options.concurrency),
  };
  let attempts = 0;
  for (;;) {
    attempts++;
    const last = await applyInChild(job);
    // Bad input fails the same way every time: no retry.
    if (last.outcome === 'done' || last.outcome === 'bad_input' || last.outcome === 'interrupted' || attempts > options.retry.retries)
      return { attempts, last };
    await pause(backoffDelay(options.retry, attempts), options.stop);
    if (options.stop?.aborted)
      return { attempts, last: { outcome: 'interrupted', ms: last.ms, error: 'not retried: the batch was interrupted' } };
  }
}

const NOT_STARTED: FileReport['error'] = 'not started: the batch was interrupted';

export async function runBatch(options: BatchOptions): Promise<BatchReport> {
  const started = new Date();
  const { state, save } = options;
  const names = await listImages(options.inputDir);
  const counts: ProgressCounts = { total: names.length, done: 0, skipped: 0, review: 0, running: 0 };
  const progress = progressReporter();
  const reports: FileReport[] = [];
  const queue = [...names];
  const finished = (report: FileReport, line: string) => {
    reports.push(report);
    progress.fileFinished(counts, report.file, line);
  };

  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      if (options.stop?.aborted) {
        reports.push({ file: name, status: 'not_done', attempts: 0, ms: 0, reason: 'interrupted', error: NOT_STARTED });
        continue;
      }
      const out = join(options.outDir, name);
      const digest = await inputDigest(join(options.inputDir, name));
      if ('problem' in digest) {
        counts.review++;
        finished(
          { file: name, status: 'failed', attempts: 0, ms: 0, reason: 'unreadable', error: digest.problem },
          `failed: ${digest.problem}`,
        );
        continue;
      }
      const key = { jobId: options.jobId, sha256: digest.sha256, manifestSha256: options.manifestSha256 };
      if (isDone(state, name, key) && (await readOutputSet(out)).ok) {
        counts.skipped++;
        finished({ file: name, status: 'skipped', attempts: 0, ms: 0, out: basename(out) }, 'skipped (already done)');
        continue;
      }
      counts.running++;
      progress.update(counts);
      const { attempts, last } = await processFile(options, name);
      counts.running--;
      const report = await fileReport(name, out, attempts, last);
      const { status, error } = report;
      if (status === 'not_done') {
        reports.push(report);
        continue;
      }
      await save.save(name, {
        job_id: options.jobId,
        sha256: digest.sha256,
        manifest_sha256: options.manifestSha256,
        status: status === 'done' ? 'done' : 'needs_review',
        attempts,
        ...(report.out ? { out: report.out } : {}),
        ...(error ? { error } : {}),
      });
      if (status === 'done') counts.done++;
      else counts.review++;
      finished(report, status === 'done' ? `done (${(last.ms / 1000).toFixed(1)} s)` : `needs review: ${error}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, Math.max(1, names.length)) }, worker));
  progress.end();

  reports.sort((a, b) => a.file.localeCompare(b.file));
  const count = (s: FileStatus) => reports.filter((r) => r.status === s).length;
  const report: BatchReport = {
    job_id: options.jobId,
    manifest: resolve(options.manifest),
    manifest_sha256: options.manifestSha256,
    input_dir: resolve(options.inputDir),
    out_dir: resolve(options.outDir),
    started_at: started.toISOString(),
    finished_at: new Date().toISOString(),
    interrupted: options.stop?.aborted === true,
    summary: {
      total: names.length,
      done: count('done'),
      skipped: count('skipped'),
      needs_review: count('needs_review'),
      failed: count('failed'),
      not_done: count('not_done'),
    },
    files: reports,
  };
  await writeFileAtomic(join(options.outDir, REPORT_FILE), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}
