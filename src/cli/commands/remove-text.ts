import { parseWhole, parseRegion } from '../args.ts';
import { COMMON_OUTPUT_HELP, type Command } from '../command.ts';
import { parseSingleOpArgs, runSingleOp } from './single-op.ts';
import { TEXT_DETECTORS } from '../open-early.ts';

export const removeText: Command = {
  name: 'remove-text',
  help: `cleanplate remove-text --input <image> [--region x0,y0,x1,y1] --out <file> [--dilate <px>] [--strip-metadata]

Detects text (inside the region, or everywhere), masks the boxes and fills them in.

  --region x0,y0,x1,y1  only remove text inside this box (source pixels, right/bottom exclusive)
  --dilate <px>         grow the text mask by this many pixels first (0-64)
${COMMON_OUTPUT_HELP}`,
  async run(argv) {
    const args = parseSingleOpArgs(argv, { region: { type: 'string' }, dilate: { type: 'string' } });
    if (!args) return (console.log(this.help), 0);
    const { values, input, out, stripMetadata } = args;
    const region = parseRegion(values.region as string | undefined);
    const dilate = parseWhole('dilate', values.dilate, 0, 64);
    return runSingleOp({
      step: { op: 'remove_text', region, dilate },
      input,
      out,
      stripMetadata,
      models: TEXT_DETECTORS,
    });
  },
};
