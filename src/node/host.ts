// The Node host of the operations: the op table on onnxruntime-node (CPU execution provider),
// with what ran recorded as the editor records it (model id + sha256, engine, backend). The
// CLI and the server both run ops through here: a manifest with runOnNode, one op by its id
// with runOpOnNode, or the host itself under the manifest runner.
import type { ProgressFn, RgbaImage } from '../core/types.ts';
import type { OpContext } from '../ops/context.ts';
import type { Manifest } from '../ops/manifest.ts';
import { modelRef } from '../ops/models.ts';
import type { InferencePort } from '../ops/port.ts';
import { runManifest, StepInputError, type Replay, type RunnerHost, type StepOutcome, type StepWrapper } from '../ops/runner.ts';
import { OPS, type AnyOp, type OpId, type ParamsOf, type ResultOf } from '../ops/table.ts';
import { createNodePort, type NodePortOptions } from '../runtime/ort-node.ts';

/**
 * A run's backend names the runtime its model ran on, as the editor's do: onnxruntime's
 * execution provider ('cpu' here in onnxruntime-node; 'wasm' or 'webgpu' in the browser), or
 * 'js' when no model ran (PatchMatch and diffusion are plain TypeScript, in both).
 */
const MODEL_BACKEND = 'cpu';
const NO_MODEL_BACKEND = 'js';

/** Completes an op's outcome: the model the op records by default, the backend, and the models' sha256 from the registry. */
function recorded(op: AnyOp, outcome: StepOutcome): StepOutcome {
  const withSha = (m: { id: string; sha256: string | null }) => (m.sha256 ? m : modelRef(m.id));
  const named = outcome.model ?? (op.defaultModel ? modelRef(op.defaultModel) : undefined);
  const model = named && withSha(named);
  const models = outcome.models?.map(withSha);
  return {
    ...outcome,
    backend: outcome.backend ?? (model ? MODEL_BACKEND : NO_MODEL_BACKEND),
    ...(model ? { model } : {}),
    ...(models ? { models } : {}),
  };
}

/** Ops use RangeError for requests they refuse (an unknown model, a region outside the image): the input is at fault. */
async function refusalsAsInput<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof RangeError) throw new StepInputError(e.message);
    throw e;
  }
}

/** Every step on this host: models the step names checked first, refusals as input errors, the run recorded. */
const nodeStep: StepWrapper = ({ op, step, image, ctx }, run) =>
  refusalsAsInput(async () => {
    // Opening the session of a model the step insists on says which file is missing and how to install it.
    if (ctx.port) for (const id of op.requires?.(step) ?? []) await ctx.port.session(id);
    return recorded(op, await run(image));
  });

export interface NodeHostOptions extends NodePortOptions {
  onProgress?: ProgressFn;
  signal?: AbortSignal;
  /** Another inference port (tests); default onnxruntime-node on the models folder. */
  port?: InferencePort;
}

export interface NodeHost extends RunnerHost {
  ctx: OpContext;
  around: StepWrapper;
}

export function createNodeHost(options: NodeHostOptions = {}): NodeHost {
  const port = options.port ?? createNodePort(options);
  return { ctx: { port, onProgress: options.onProgress, signal: options.signal }, around: nodeStep };
}

export interface NodeRunOptions extends NodeHostOptions {
  /** Reads a mask file a step names (a path relative to the manifest, already validated). */
  loadMask?: RunnerHost['loadMask'];
  onStep?: RunnerHost['onStep'];
}

/** Runs a manifest on onnxruntime-node: the result image and one recorded run per step. */
export function runOnNode(source: RgbaImage, manifest: Manifest, options: NodeRunOptions = {}): Promise<Replay> {
  return runManifest(source, manifest, { ...createNodeHost(options), loadMask: options.loadMask, onStep: options.onStep });
}

/** Runs one op by its id on onnxruntime-node, with its own parameters; its full result. `image` may be written into. */
export function runOpOnNode<K extends OpId>(
  opId: K,
  image: RgbaImage,
  params: ParamsOf<K>,
  options: NodeHostOptions = {},
): Promise<ResultOf<K>> {
  const { ctx } = createNodeHost(options);
  return refusalsAsInput(() => (OPS[opId] as AnyOp).run(image, params, ctx));
}
