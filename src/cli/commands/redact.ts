import { REDACT_STYLES, REDACT_TARGETS } from '../../ops/redact/step.ts';
import { parseRegion } from '../args.ts';
import { COMMON_OUTPUT_HELP, type Command } from '../command.ts';
import { parseSingleOpArgs, runSingleOp } from './single-op.ts';

export const redact: Command = {
  name: 'redact',
  help: `cleanplate redact --input <image> --out <file> [--targets faces,text] [--style blur|pixelate|fill] [--region x0,y0,x1,y1] [--strip-metadata]

Finds faces (YuNet) and/or text, hides each box irreversibly (blur, pixelate) or fills it
(inpainting), then looks again: a face or text still found is reported as a warning.

  --targets <list>      ${REDACT_TARGETS.join(', ')}, comma-separated (default faces)
  --style <style>       ${REDACT_STYLES.join(', ')} (default blur)
  --region x0,y0,x1,y1  only redact inside this box (source pixels, right/bottom exclusive)
${COMMON_OUTPUT_HELP}`,
  async run(argv) {
    const args = parseSingleOpArgs(argv, { targets: { type: 'string' }, style: { type: 'string' }, region: { type: 'string' } });
    if (!args) return (console.log(this.help), 0);
    const { values, input, out, stripMetadata } = args;
    const region = parseRegion(values.region as string | undefined);
    // The manifest rules check the names and say which ones exist.
    const targets = ((values.targets as string | undefined) ?? 'faces').split(',').map((t) => t.trim());
    return runSingleOp({
      step: { op: 'redact', targets, style: (values.style as string | undefined) ?? 'blur', region },
      input,
      out,
      stripMetadata,
    });
  },
};
