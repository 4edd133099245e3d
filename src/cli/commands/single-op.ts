// The single-op commands are one-step manifests run through the same pipeline as apply,
// so their results carry an executed manifest that replays them too.
import { basename } from 'node:path';
import { parseManifest, type Step } from '../../ops/manifest.ts';
import type { Mask } from '../../core/types.ts';
import { applyToFile, printNotes, reviewNote } from '../apply.ts';
import { UsageError } from '../errors.ts';
import { createCliHost } from '../host.ts';
import { openEarly } from '../open-early.ts';
import { encodeMask } from '../mask-io.ts';
import { outputFormat } from '../image-io.ts';
import { parse, required, type Options } from '../args.ts';

export interface SingleOp {
  /** The step as given on the command line; validated by the manifest rules. */
  step: { op: Step['op'] } & Record<string, unknown>;
  input: string;
  out: string;
  stripMetadata: boolean;
  /** For inpaint: the mask, also saved beside the result as `<out>.mask.png` so the manifest replays. */
  mask?: Mask;
  /** Models the step will run: their sessions start opening while the input is read (open-early.ts). */
  models?: readonly string[];
}

export interface SingleOpArgs {
  values: Record<string, string | boolean | undefined>;
  input: string;
  out: string;
  stripMetadata: boolean;
}

/**
 * The options every single-op command shares (--input, --out, --strip-metadata) plus its own;
 * null when --help was asked. The output format is checked before any work.
 */
export function parseSingleOpArgs(argv: string[], own: Options): SingleOpArgs | null {
  const { values } = parse(argv, { input: { type: 'string' }, out: { type: 'string' }, 'strip-metadata': { type: 'boolean' }, ...own });
  if (values.help) return null;
  const input = required(values, 'input');
  const out = required(values, 'out');
  outputFormat(out);
  return { values, input, out, stripMetadata: values['strip-metadata'] === true };
}

/** The manifest rules name fields as "step 0 (op): engine ..."; on the command line they are options. */
function asOptionProblems(errors: string[]): string {
  return errors.map((e) => e.replace(/^step 0 \([a-z_]+\): /, '--')).join('; ');
}

export async function runSingleOp({ step, input, out, stripMetadata, mask, models = [] }: SingleOp): Promise<number> {
  const maskFile = `${out}.mask.png`;
  const parsed = parseManifest({ steps: [mask ? { ...step, mask: basename(maskFile) } : step] });
  if (!parsed.ok) throw new UsageError(asOptionProblems(parsed.errors));
  const host = createCliHost();
  openEarly(host.ctx.port, models);
  const { executed, notes } = await applyToFile(host, {
    manifest: parsed.manifest,
    input,
    out,
    stripMetadata,
    loadMask: async () => mask!,
    companions: async () => (mask ? [{ path: maskFile, bytes: await encodeMask(mask) }] : []),
  });
  console.log(`${out}: ${executed.result.width}x${executed.result.height}, sha256 ${executed.result.sha256}`);
  printNotes(notes);
  const review = reviewNote(executed);
  if (review) process.stderr.write(`warning: ${review}; check the result\n`);
  return 0;
}
