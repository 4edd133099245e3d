import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse, parseWhole, required } from '../args.ts';
import { lockOutDir } from '../batch/lock.ts';
import { batchJobId, manifestKey } from '../batch/manifest-key.ts';
import { REPORT_FILE, runBatch, type FileReport } from '../batch/run-batch.ts';
import { loadState, STATE_FILE, stateWriter } from '../batch/state.ts';
import type { Command } from '../command.ts';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, InputError, printable, UsageError } from '../errors.ts';
import { signalExitCode, stopGracefully, stopRequested } from '../interrupt.ts';
import { readManifest } from '../manifest-io.ts';
import { checkOutputFolder } from '../output-files.ts';

/** Creates the output folder if need be and proves it writable, before any work. */
async function prepareOutDir(outDir: string): Promise<void> {
  try {
    await mkdir(outDir, { recursive: true });
  } catch (e) {
    throw new InputError(
      `cannot create --out-dir ${outDir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); choose another`,
    );
  }
  await checkOutputFolder(join(outDir, REPORT_FILE), '--out-dir');
}

export const batch: Command = {
  name: 'batch',
  help: `cleanplate batch --manifest <m.json> --input-dir <dir> --out-dir <dir> [--concurrency N] [options]

Applies the manifest to every image (.png .jpg .jpeg .webp .tif .tiff) in --input-dir,
writing <out-dir>/<name> and <out-dir>/<name>.manifest.json. Each file runs in its own
process with a timeout; failures are retried with exponential backoff, then the file is
marked "needs review"; an input that cannot be read is "failed". Re-running skips files
already done for the same job_id, input (sha256) and manifest content, so a killed batch
resumes where it stopped and a changed manifest runs again. One batch at a time may write
to an output folder. SIGTERM or Ctrl-C stops the running files (recorded as not done) and
writes the report. Progress goes to stderr; a summary to stdout and a JSON report to
<out-dir>/${REPORT_FILE}.

  --concurrency N       files processed at once (default 1)
  --timeout <s>         per-file time limit in seconds (default 600)
  --retries N           extra attempts after a failure or timeout (default 2; bad input is not retried)
  --backoff-ms <ms>     delay before the first retry, doubled each time (default 1000)
  --strip-metadata      drop EXIF (camera, GPS, dates) from the results

A file also needs review when text may remain in its result (remove_text found text again
after filling); its result is kept.

exit codes: 0 every file done; 2 some files need review or failed because their input was
refused or unreadable, or text may remain; 1 some files need review after failures or
timeouts; 143 (SIGTERM) or 130 (SIGINT) stopped`,
  async run(argv) {
    const { values } = parse(argv, {
      manifest: { type: 'string' },
      'input-dir': { type: 'string' },
      'out-dir': { type: 'string' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      retries: { type: 'string' },
      'backoff-ms': { type: 'string' },
      'strip-metadata': { type: 'boolean' },
    });
    if (values.help) return (console.log(this.help), 0);
    const manifestPath = required(values, 'manifest');
    const inputDir = required(values, 'input-dir');
    const outDir = required(values, 'out-dir');
    if (resolve(inputDir) === resolve(outDir))
      throw new UsageError('--out-dir must differ from --input-dir (results would overwrite the inputs)');
    const concurrency = parseWhole('concurrency', values.concurrency, 1, 64) ?? 1;
    const timeoutS = parseWhole('timeout', values.timeout, 1, 86_400) ?? 600;
    const retries = parseWhole('retries', values.retries, 0, 10) ?? 2;
    const backoffMs = parseWhole('backoff-ms', values['backoff-ms'], 0, 600_000) ?? 1000;
    // Validate once here: a broken manifest is one message, not one per file.
    const { manifest } = await readManifest(manifestPath);
    const isFolder = await stat(inputDir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isFolder) throw new InputError(`--input-dir ${inputDir} is not a folder`);
    await prepareOutDir(outDir);
    const jobId = batchJobId(manifest);
    const release = await lockOutDir(outDir, jobId);
    stopGracefully();
    let report;
    try {
      const loaded = await loadState(outDir);
      const save = stateWriter(outDir, loaded.state);
      if (loaded.problem) {
        process.stderr.write(
          `warning: the state file ${join(outDir, STATE_FILE)} was not usable (${printable(loaded.problem)}); rebuilt it from ${loaded.rebuilt} executed manifest(s) in the folder\n`,
        );
      }
      if (loaded.rebuilt !== undefined) await save.flush();
      report = await runBatch({
        manifest: manifestPath,
        jobId,
        manifestSha256: manifestKey(manifest),
        inputDir,
        outDir,
        concurrency,
        timeoutMs: timeoutS * 1000,
        retry: { retries, baseDelayMs: backoffMs, maxDelayMs: 60_000 },
        stripMetadata: values['strip-metadata'] === true,
        stop: stopRequested,
        state: loaded.state,
        save,
      });
    } finally {
      await release();
    }
    const { total, done, skipped, needs_review, failed, not_done } = report.summary;
    console.log(
      `batch ${jobId}: ${total} file(s): ${done} done, ${skipped} skipped (already done), ${needs_review} need review, ${failed} failed${not_done ? `, ${not_done} not done (stopped)` : ''}; report: ${resolve(outDir, REPORT_FILE)}`,
    );
    for (const f of report.files.filter((f) => f.status === 'needs_review' || f.status === 'failed'))
      console.log(`  ${f.status === 'failed' ? 'failed' : 'needs review'}: ${printable(f.file)}: ${printable(f.error ?? '')}`);
    if (report.interrupted) return signalExitCode(stopRequested.reason);
    if (needs_review + failed === 0) return 0;
    const byInput = (f: FileReport) =>
      f.status === 'done' ||
      f.status === 'skipped' ||
      f.reason === 'bad_input' ||
      f.reason === 'leftover_text' ||
      f.reason === 'unreadable';
    return report.files.every(byInput) ? EXIT_BAD_INPUT : EXIT_INTERNAL;
  },
};
