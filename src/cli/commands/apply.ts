import { DRIFT_ADVICE, replayDrift, type Manifest } from '../../ops/manifest.ts';
import { applyToFile, reviewNote } from '../apply.ts';
import { parse, required } from '../args.ts';
import { isBundlePath, openBundle, saveBundle } from '../bundle-io.ts';
import { COMMON_OUTPUT_HELP, type Command } from '../command.ts';
import { InputError, UsageError } from '../errors.ts';
import { createCliHost } from '../host.ts';
import { outputFormat, readInputFile } from '../image-io.ts';
import { readManifest, resolveMaskPath } from '../manifest-io.ts';
import { decodeMask } from '../mask-io.ts';

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

export const apply: Command = {
  name: 'apply',
  help: `cleanplate apply <manifest.json | bundle.zip> --input <image> --out <file> [--bundle <out.zip>] [--strip-metadata]

Runs the manifest's steps on the image and writes the result and <file>.manifest.json.
Mask paths in the manifest are relative to the manifest's folder and may not leave it.
Given a bundle, its manifest, masks and (unless --input is given) source are used.

  --input <image>       the source image (optional with a bundle that holds its source)
  --bundle <out.zip>    also write an export bundle: result, masks (PNG), manifest.json, source
${COMMON_OUTPUT_HELP}`,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      { input: { type: 'string' }, out: { type: 'string' }, bundle: { type: 'string' }, 'strip-metadata': { type: 'boolean' } },
      1,
    );
    if (values.help) return (console.log(this.help), 0);
    const from = positionals[0];
    if (!from) throw new UsageError('the manifest file is required: cleanplate apply <manifest.json> --input <image> --out <file>');
    const out = required(values, 'out');
    outputFormat(out);
    if (typeof values.bundle === 'string' && !isBundlePath(values.bundle))
      throw new UsageError(`--bundle must end in .zip (got "${values.bundle}")`);

    const { manifest, input, inputBytes, readMaskBytes } = await replaySource(from, values.input as string | undefined);
    const masks: Record<string, Uint8Array> = {};
    const { executed, resultBytes, sourceBytes } = await applyToFile(createCliHost(), {
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
