import { applyToFile } from '../apply.ts';
import { parse, required } from '../args.ts';
import type { Command } from '../command.ts';
import { COMMON_OUTPUT_HELP } from '../command.ts';
import { UsageError } from '../errors.ts';
import { createNodeHost } from '../host.ts';
import { outputFormat } from '../image-io.ts';
import { readMask } from '../mask-io.ts';
import { readManifest, resolveMaskPath } from '../manifest-io.ts';

export const apply: Command = {
  name: 'apply',
  summary: 'replay a manifest on an image',
  help: `cleanplate apply <manifest.json> --input <image> --out <file> [--strip-metadata]

Runs the manifest's steps on the image and writes the result and <file>.manifest.json.
Mask paths in the manifest are relative to the manifest's folder and may not leave it.

${COMMON_OUTPUT_HELP}`,
  async run(argv) {
    const { values, positionals } = parse(argv, { input: { type: 'string' }, out: { type: 'string' }, 'strip-metadata': { type: 'boolean' } }, 1);
    if (values.help) return console.log(this.help), 0;
    const manifestPath = positionals[0];
    if (!manifestPath) throw new UsageError('the manifest file is required: cleanplate apply <manifest.json> --input <image> --out <file>');
    const input = required(values, 'input');
    const out = required(values, 'out');
    outputFormat(out);
    const { manifest, folder } = await readManifest(manifestPath);
    const executed = await applyToFile(await createNodeHost(), {
      manifest,
      input,
      out,
      stripMetadata: values['strip-metadata'] === true,
      loadMask: async (path) => readMask(await resolveMaskPath(folder, path)),
    });
    console.log(`${out}: ${executed.result.width}x${executed.result.height}, ${executed.steps.length} step(s), sha256 ${executed.result.sha256}`);
    return 0;
  },
};
