// The CLI's host for the ops: every op of the registry, on onnxruntime-node (CPU), adapted
// to the runner's StepOps shape (what ran: model id + sha256, engine, backend).
import type { OpContext } from '../ops/context.ts';
import { detectTextOp, upscaleOp } from '../ops/registry.ts';
import { DEFAULT_DETECT_MODEL } from '../ops/detect-text/detect.ts';
import { inpaint, type RegionRun } from '../ops/inpaint/index.ts';
import type { StepOps } from '../ops/runner.ts';
import { createNodePort } from '../runtime/ort-node.ts';
import { modelById } from '../runtime/registry.ts';
import { InputError } from './errors.ts';

export interface NodeHost {
  ops: Partial<StepOps>;
  ctx: OpContext;
}

/** Node runs every engine and model on the CPU. */
const BACKEND = 'cpu';

const modelRecord = (id: string) => ({ id, sha256: modelById(id).sha256 });

/** Ops use RangeError for requests they refuse (an unknown model, a region outside the image). */
async function refusalsAsInput<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(e.message);
    throw e;
  }
}

/** "patchmatch" or, when regions used different engines, "diffusion+patchmatch". */
const enginesOf = (runs: RegionRun[]) => [...new Set(runs.map((r) => r.engine))].sort().join('+') || undefined;

export async function createNodeHost(): Promise<NodeHost> {
  const ops: Partial<StepOps> = {
    detect_text: (image, { region }, ctx) =>
      refusalsAsInput(async () => ({ boxes: await detectTextOp.run(image, { region }, ctx), model: modelRecord(DEFAULT_DETECT_MODEL), backend: BACKEND })),
    upscale: (image, options, ctx) =>
      refusalsAsInput(async () => {
        const r = await upscaleOp.run(image, options, ctx);
        return { image: r.image, model: modelRecord(r.model), backend: BACKEND };
      }),
    inpaint: (image, mask, { engine, dilate }, ctx) =>
      refusalsAsInput(async () => {
        const r = await inpaint(image, mask, { engine, dilate }, ctx);
        const modelId = r.runs.find((x) => x.modelId)?.modelId;
        return { image: r.image, engine: enginesOf(r.runs), backend: BACKEND, ...(modelId ? { model: modelRecord(modelId) } : {}) };
      }),
  };
  return { ops, ctx: { port: createNodePort() } };
}
