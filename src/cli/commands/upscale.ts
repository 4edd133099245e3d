import { parse, parseScale, required } from '../args.ts';
import { COMMON_OUTPUT_HELP, type Command } from '../command.ts';
import { outputFormat } from '../image-io.ts';
import { runSingleOp } from './single-op.ts';

export const upscale: Command = {
  name: 'upscale',
  summary: 'enlarge x2, x3 or x4 with a super-resolution model',
  help: `cleanplate upscale --input <image> --scale 2|3|4 [--model <id>] --out <file> [--strip-metadata]

  --scale 2|3|4         enlargement factor
  --model <id>          upscaling model (default: realesr-general-x4v3); see npm run models -- --list
${COMMON_OUTPUT_HELP}`,
  async run(argv) {
    const { values } = parse(argv, {
      input: { type: 'string' },
      out: { type: 'string' },
      scale: { type: 'string' },
      model: { type: 'string' },
      'strip-metadata': { type: 'boolean' },
    });
    if (values.help) return console.log(this.help), 0;
    const input = required(values, 'input');
    const out = required(values, 'out');
    outputFormat(out);
    const scale = parseScale(required(values, 'scale'));
    return runSingleOp({ step: { op: 'upscale', scale, model: values.model }, input, out, stripMetadata: values['strip-metadata'] === true });
  },
};
