// The single-op commands are one-step manifests run through the same pipeline as apply,
// so their results carry an executed manifest that replays them too.
import { basename } from 'node:path';
import type { Step } from '../../core/manifest/index.ts';
import type { Mask } from '../../core/types.ts';
import { applyToFile } from '../apply.ts';
import { createNodeHost } from '../host.ts';
import { encodeMask } from '../mask-io.ts';
import { writeFileAtomic } from '../image-io.ts';

export interface SingleOp {
  step: Step;
  input: string;
  out: string;
  stripMetadata: boolean;
  /** For inpaint: the mask, also saved beside the result as `<out>.mask.png` so the manifest replays. */
  mask?: Mask;
}

export async function runSingleOp({ step, input, out, stripMetadata, mask }: SingleOp): Promise<number> {
  const maskFile = `${out}.mask.png`;
  const recorded: Step = mask ? { ...step, op: 'inpaint', mask: basename(maskFile) } : step;
  const executed = await applyToFile(await createNodeHost(), {
    manifest: { type: 'cleanplate.manifest', version: 1, steps: [recorded] },
    input,
    out,
    stripMetadata,
    loadMask: async () => mask!,
  });
  if (mask) await writeFileAtomic(maskFile, await encodeMask(mask));
  console.log(`${out}: ${executed.result.width}x${executed.result.height}, sha256 ${executed.result.sha256}`);
  return 0;
}
