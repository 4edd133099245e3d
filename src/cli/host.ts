// The CLI's host for the ops: every op in the runner's StepOps shape, on onnxruntime-node
// (CPU execution provider), with what ran recorded (model id + sha256, engine, backend).
import type { ProgressFn } from '../core/types.ts';
import type { OpContext } from '../ops/context.ts';
import { modelRef } from '../ops/models.ts';
import type { OpOutcome, StepOps } from '../ops/runner.ts';
import { createNodePort } from '../runtime/ort-node.ts';
import { InputError } from './errors.ts';

export interface NodeHost {
  ops: Partial<StepOps>;
  ctx: OpContext;
  /** Clears the progress line before results are printed. */
  endProgress(): void;
}

/** On a terminal, long ops show their stage on one redrawn stderr line. */
function progressLine(stream: NodeJS.WriteStream = process.stderr): { show?: ProgressFn; end(): void } {
  if (!stream.isTTY) return { end: () => {} };
  return {
    show: ({ stage, fraction, detail }) => stream.write(`\r\x1b[K${stage} ${Math.round(fraction * 100)}%${detail ? ` (${detail})` : ''}`),
    end: () => stream.write('\r\x1b[K'),
  };
}

/**
 * A run's backend names the runtime its model ran on, as the editor's do: onnxruntime's
 * execution provider ('cpu' here in onnxruntime-node; 'wasm' or 'webgpu' in the browser), or
 * 'js' when no model ran (PatchMatch and diffusion are plain TypeScript, in both).
 */
const MODEL_BACKEND = 'cpu';
const NO_MODEL_BACKEND = 'js';

/** Completes an op's outcome: the backend, and the model's sha256 from the registry when the op left it out. */
function recorded<T extends OpOutcome>(outcome: T): T {
  const withSha = (m: { id: string; sha256: string | null }) => (m.sha256 ? m : modelRef(m.id));
  const model = outcome.model && withSha(outcome.model);
  const models = outcome.models?.map(withSha);
  return {
    ...outcome,
    backend: outcome.backend ?? (model ? MODEL_BACKEND : NO_MODEL_BACKEND),
    ...(model ? { model } : {}),
    ...(models ? { models } : {}),
  };
}

/** Ops use RangeError for requests they refuse (an unknown model, a region outside the image). */
async function refusalsAsInput<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(e.message);
    throw e;
  }
}

// Each op's code is loaded when a step first needs it: a command runs one or two of them,
// and loading the rest is start-up time every command would pay.
const detectOp = () => import('../ops/detect-text/detect.ts');
const fillOps = () => import('../ops/inpaint-steps.ts');

export async function createNodeHost(): Promise<NodeHost> {
  const ops: StepOps = {
    detect_text: (image, options, ctx) => refusalsAsInput(async () => recorded(await (await detectOp()).detectText(image, options, ctx))),
    remove_text: (image, options, ctx) =>
      refusalsAsInput(async () => {
        const [{ DEFAULT_DETECT_MODEL }, { removeTextStep }] = await Promise.all([detectOp(), fillOps()]);
        const outcome = await removeTextStep(image, options, ctx);
        // The detector always ran; a neural inpainting model, when one did, takes the record.
        return recorded({ ...outcome, model: outcome.model ?? modelRef(DEFAULT_DETECT_MODEL) });
      }),
    inpaint: (image, mask, options, ctx) =>
      refusalsAsInput(async () => {
        // A neural engine asked for by name must be installed: opening its session says which file is missing and how to install it.
        if ((options.engine === 'lama' || options.engine === 'migan') && ctx.port) await ctx.port.session(options.engine);
        return recorded(await (await fillOps()).inpaintStep(image, mask, options, ctx));
      }),
    upscale: (image, options, ctx) =>
      refusalsAsInput(async () => recorded(await (await import('../ops/upscale/upscale.ts')).upscale(image, options, ctx))),
  };
  const progress = progressLine();
  return { ops, ctx: { port: createNodePort(), onProgress: progress.show }, endProgress: progress.end };
}
