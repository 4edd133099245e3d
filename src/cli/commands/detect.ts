import { regionsOutside, type Manifest } from '../../ops/manifest.ts';
import { runManifest } from '../../ops/runner.ts';
import { parse, parseRegion } from '../args.ts';
import type { Command } from '../command.ts';
import { InputError, UsageError } from '../errors.ts';
import { createCliHost } from '../host.ts';
import { readImage } from '../image-io.ts';
import { openEarly, TEXT_DETECTORS } from '../open-early.ts';

export const detect: Command = {
  name: 'detect',
  help: `cleanplate detect <image> [--region x0,y0,x1,y1]

Prints {"boxes": [[x0, y0, x1, y1, score], ...]} on stdout, in source pixels
(after EXIF orientation), right and bottom edges exclusive.

  --region x0,y0,x1,y1  only look inside this box`,
  async run(argv) {
    const { values, positionals } = parse(argv, { region: { type: 'string' } }, 1);
    if (values.help) return (console.log(this.help), 0);
    if (!positionals[0]) throw new UsageError('the image is required: cleanplate detect <image> [--region x0,y0,x1,y1]');
    const region = parseRegion(values.region as string | undefined);
    const host = createCliHost();
    openEarly(host.ctx.port, TEXT_DETECTORS);
    const { image } = await readImage(positionals[0]);
    const manifest: Manifest = { type: 'cleanplate.manifest', version: 1, steps: [{ op: 'detect_text', ...(region ? { region } : {}) }] };
    const outside = regionsOutside(manifest, image);
    if (outside.length) throw new InputError(outside[0].replace(/^step 0 \(detect_text\): region/, '--region'));
    const { runs } = await runManifest(image, manifest, host).finally(host.endProgress);
    process.stdout.write(`${JSON.stringify({ boxes: runs[0].boxes ?? [] })}\n`);
    return 0;
  },
};
