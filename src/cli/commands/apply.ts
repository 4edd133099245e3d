import { DRIFT_ADVICE, replayDrift, type Manifest } from '../../ops/manifest.ts';
import { applyToFile, printNotes, reviewNote } from '../apply.ts';
import { parse, parseWhole, required } from '../args.ts';
import { isBundlePath, openBundle, saveBundle } from '../bundle-io.ts';
import { runCleanplateChild } from '../child-run.ts';
import { COMMON_OUTPUT_HELP, type Command } from '../command.ts';
import { EXIT_INTERNAL, InputError, UsageError } from '../errors.ts';
import { createCliHost } from '../host.ts';
import { signalExitCode, stopGracefully, stopRequested } from '../interrupt.ts';
import { outputFormat, readInputFile } from '../image-io.ts';
import { readManifest, resolveMaskPath } from '../manifest-io.ts';
import { decodeMask } from '../mask-io.ts';
import { checkOutputFolder } from '../output-files.ts';

interface ReplaySource {
  manifest: Manifest;
  input: string;
  /** The source's bytes when they come from a bundle. */
  inputBytes?: Buffer;
  readMaskBytes(path: string): Promise<Uint8Array>;
}

/** A manifest file (masks beside it, source from --input) or a bundle (masks and, unless --input, source inside). */
async function replaySource(from: string, input: string | undefined): Promise<ReplaySource> {
  if (!isBundlePath(from)) {
    const { manifest, folder } = await readManifest(from);
    if (!input) throw new UsageError('--input is required');
    return { manifest, input, readMaskBytes: async (path) => readInputFile(await resolveMaskPath(folder, path), 'mask') };
  }
  const bundle = await openBundle(from);
  const readMaskBytes = async (path: string) => bundle.masks[path];
  const manifest = { ...bundle.manifest, result: undefined };
  if (input) return { manifest, input, readMaskBytes };
  if (!bundle.source) throw new InputError(`${from} holds no source image; give one with --input`);
  return { manifest, input: bundle.source.name, inputBytes: Buffer.from(bundle.source.bytes), readMaskBytes };
}

/** argv without its --timeout option. */
function withoutTimeout(argv: string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--timeout') i++;
    else if (!argv[i].startsWith('--timeout=')) rest.push(argv[i]);
  }
  return rest;
}

/**
 * The same replay in a child process, ended when the time is up (native inference cannot be
 * interrupted in-process). A signal to this process stops the child too.
 */
async function applyWithTimeout(argv: string[], timeoutS: number): Promise<number> {
  stopGracefully();
  const run = await runCleanplateChild(['apply', ...withoutTimeout(argv)], {
    timeoutMs: timeoutS * 1000,
    stop: stopRequested,
    stdout: 'inherit',
    stderr: 'inherit',
  });
  if (run.stopped) return signalExitCode(stopRequested.reason);
  if (run.timedOut) {
    process.stderr.write(`cleanplate apply: timed out after ${timeoutS} s (--timeout); no result was written\n`);
    return EXIT_INTERNAL;
  }
  return run.code ?? EXIT_INTERNAL;
}

export const apply: Command = {
  name: 'apply',
  help: `cleanplate apply <manifest.json | bundle.zip> --input <image> --out <file> [--bundle <out.zip>] [--strip-metadata]

Runs the manifest's steps on the image and writes the result and <file>.manifest.json.
Mask paths in the manifest are relative to the manifest's folder and may not leave it.
Given a bundle, its manifest, masks and (unless --input is given) source are used.

  --input <image>       the source image (optional with a bundle that holds its source)
  --bundle <out.zip>    also write an export bundle: result, masks (PNG), manifest.json, source
  --timeout <s>         give up after this many seconds (exit 1, nothing written); the replay
                        then runs in a child process that is stopped when the time is up
${COMMON_OUTPUT_HELP}`,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      {
        input: { type: 'string' },
        out: { type: 'string' },
        bundle: { type: 'string' },
        'strip-metadata': { type: 'boolean' },
        timeout: { type: 'string' },
      },
      1,
    );
    if (values.help) return (console.log(this.help), 0);
    const timeoutS = parseWhole('timeout', values.timeout, 1, 86_400);
    const from = positionals[0];
    if (!from) throw new UsageError('the manifest file is required: cleanplate apply <manifest.json> --input <image> --out <file>');
    const out = required(values, 'out');
    outputFormat(out);
    if (typeof values.bundle === 'string' && !isBundlePath(values.bundle))
      throw new UsageError(`--bundle must end in .zip (got "${values.bundle}")`);
    if (typeof values.bundle === 'string') await checkOutputFolder(values.bundle, '--bundle');
    if (timeoutS !== undefined) return applyWithTimeout(argv, timeoutS);

    const { manifest, input, inputBytes, readMaskBytes } = await replaySource(from, values.input as string | undefined);
    const masks: Record<string, Uint8Array> = {};
    const { executed, resultBytes, sourceBytes, notes } = await applyToFile(createCliHost(), {
      manifest,
      input,
      inputBytes,
      out,
      stripMetadata: values['strip-metadata'] === true,
      loadMask: async (path) => decodeMask((masks[path] = await readMaskBytes(path)), path),
    });
    if (typeof values.bundle === 'string') await saveBundle(values.bundle, { executed, result: resultBytes, source: sourceBytes, masks });
    console.log(
      `${out}: ${executed.result.width}x${executed.result.height}, ${executed.steps.length} step(s), sha256 ${executed.result.sha256}`,
    );
    printNotes(notes);
    const review = reviewNote(executed);
    if (review) process.stderr.write(`warning: ${review}; check the result\n`);
    const drift = replayDrift(manifest, executed.result.runs);
    if (drift.length) {
      process.stderr.write(
        `warning: this replay did not run as recorded, so the result may differ: ${drift.join('; ')}. ${DRIFT_ADVICE}\n`,
      );
    }
    return 0;
  },
};
