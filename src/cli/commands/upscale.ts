import { parseScale, required } from '../args.ts';
import { COMMON_OUTPUT_HELP, type Command } from '../command.ts';
import { parseSingleOpArgs, runSingleOp } from './single-op.ts';

export const upscale: Command = {
  name: 'upscale',
  help: `cleanplate upscale --input <image> --scale 2|3|4 [--model <id>] --out <file> [--strip-metadata]

  --scale 2|3|4         enlargement factor
  --model <id>          upscaling model (default: realesr-general-x4v3); see npm run models -- --list
${COMMON_OUTPUT_HELP}`,
  async run(argv) {
    const args = parseSingleOpArgs(argv, { scale: { type: 'string' }, model: { type: 'string' } });
    if (!args) return (console.log(this.help), 0);
    const { values, input, out, stripMetadata } = args;
    const scale = parseScale(required(values, 'scale'));
    return runSingleOp({ step: { op: 'upscale', scale, model: values.model }, input, out, stripMetadata });
  },
};
