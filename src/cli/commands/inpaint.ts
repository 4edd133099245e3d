import { parseWhole, required } from '../args.ts';
import { COMMON_OUTPUT_HELP, type Command } from '../command.ts';
import { readMask } from '../mask-io.ts';
import { parseSingleOpArgs, runSingleOp } from './single-op.ts';

export const inpaint: Command = {
  name: 'inpaint',
  help: `cleanplate inpaint --input <image> --mask <mask.png> --out <file> [--engine <name>] [--dilate <px>] [--strip-metadata]

Removes what the mask marks (white = remove, black = keep) and fills it in. The mask must
have the image's size (after EXIF orientation). The mask is saved as <file>.mask.png so
<file>.manifest.json replays the result.

  --mask <file>         the mask image (white = remove)
  --engine <name>       inpainting engine (default: auto, the best installed)
  --dilate <px>         grow the mask by this many pixels first (0-64)
${COMMON_OUTPUT_HELP}`,
  async run(argv) {
    const args = parseSingleOpArgs(argv, { mask: { type: 'string' }, engine: { type: 'string' }, dilate: { type: 'string' } });
    if (!args) return (console.log(this.help), 0);
    const { values, input, out, stripMetadata } = args;
    const mask = await readMask(required(values, 'mask'));
    const dilate = parseWhole('dilate', values.dilate, 0, 64);
    const engine = values.engine as string | undefined;
    return runSingleOp({
      step: { op: 'inpaint', engine, dilate },
      input,
      out,
      mask,
      stripMetadata,
    });
  },
};
