import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse, parseWhole, required } from '../args.ts';
import { REPORT_FILE, runBatch, type FileReport } from '../batch/run-batch.ts';
import type { Command } from '../command.ts';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, InputError, UsageError } from '../errors.ts';
import { readInputFile } from '../image-io.ts';
import { readManifest } from '../manifest-io.ts';

export const batch: Command = {
  name: 'batch',
  help: `cleanplate batch --manifest <m.json> --input-dir <dir> --out-dir <dir> [--concurrency N] [options]

Applies the manifest to every image (.png .jpg .jpeg .webp .tif .tiff) in --input-dir,
writing <out-dir>/<name> and <out-dir>/<name>.manifest.json. Each file runs in its own
process with a timeout; failures are retried with exponential backoff, then the file is
marked "needs review". Re-running skips files already done for the same job_id and input
(sha256), so a killed batch resumes where it stopped. Progress goes to stderr; a summary
to stdout and a JSON report to <out-dir>/${REPORT_FILE}.

  --concurrency N       files processed at once (default 1)
  --timeout <s>         per-file time limit in seconds (default 600)
  --retries N           extra attempts after a failure or timeout (default 2; bad input is not retried)
  --backoff-ms <ms>     delay before the first retry, doubled each time (default 1000)
  --strip-metadata      drop EXIF (camera, GPS, dates) from the results

A file also needs review when text may remain in its result (remove_text found text again
after filling); its result is kept.

exit codes: 0 every file done; 2 some files need review because their input was refused or
text may remain; 1 some files need review after failures or timeouts`,
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
    const jobId =
      manifest.job_id ??
      `manifest-${createHash('sha256')
        .update(await readInputFile(manifestPath))
        .digest('hex')
        .slice(0, 16)}`;
    const report = await runBatch({
      manifest: manifestPath,
      jobId,
      inputDir,
      outDir,
      concurrency,
      timeoutMs: timeoutS * 1000,
      retry: { retries, baseDelayMs: backoffMs, maxDelayMs: 60_000 },
      stripMetadata: values['strip-metadata'] === true,
    });
    const { total, done, skipped, needs_review } = report.summary;
    console.log(
      `batch ${jobId}: ${total} file(s): ${done} done, ${skipped} skipped (already done), ${needs_review} need review; report: ${resolve(outDir, REPORT_FILE)}`,
    );
    for (const f of report.files.filter((f) => f.status === 'needs_review')) console.log(`  needs review: ${f.file}: ${f.error}`);
    if (needs_review === 0) return 0;
    const byInput = (f: FileReport) => f.status !== 'needs_review' || f.reason === 'bad_input' || f.reason === 'leftover_text';
    return report.files.every(byInput) ? EXIT_BAD_INPUT : EXIT_INTERNAL;
  },
};
