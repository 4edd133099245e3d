// Executes a manifest's steps over an image, one op at a time, recording one run per step.
// The ops are injected (each host wires its own, on its own inference port), so the same
// runner replays manifests in the browser worker, the server and the CLI.
//
// Coordinates in a manifest are source pixels. After an upscale the image is larger, so
// later regions, strokes and masks are scaled by the cumulative factor before use, and
// recorded boxes are mapped back to source pixels.
import type { Manifest, OpName, Run, Step, StepOf } from '../core/manifest/index.ts';
import { rasteriseStrokes } from '../core/strokes.ts';
import type { Box, Mask, RgbaImage, ScoredBox } from '../core/types.ts';
import { throwIfAborted, type OpContext } from './context.ts';

/** What an op reports about how it ran, copied into the step's run. */
export interface OpOutcome {
  engine?: string;
  backend?: string;
  model?: { id: string; sha256: string | null };
  /** Every model file the op ran, when more than one (text detection's two detectors): replay needs them all. */
  models?: { id: string; sha256: string | null }[];
}

export interface StepOps {
  detect_text(image: RgbaImage, options: { region?: Box }, ctx: OpContext): Promise<OpOutcome & { boxes: ScoredBox[] }>;
  remove_text(
    image: RgbaImage,
    options: { region?: Box; dilate?: number; boxes?: Box[] },
    ctx: OpContext,
  ): Promise<OpOutcome & { image: RgbaImage; boxes?: ScoredBox[]; leftover?: ScoredBox[]; changedOutside?: number }>;
  inpaint(
    image: RgbaImage,
    mask: Mask,
    options: { engine?: StepOf<'inpaint'>['engine']; dilate?: number },
    ctx: OpContext,
  ): Promise<OpOutcome & { image: RgbaImage }>;
  upscale(image: RgbaImage, options: { scale: 2 | 3 | 4; model?: string }, ctx: OpContext): Promise<OpOutcome & { image: RgbaImage }>;
}

export interface RunnerHost {
  /** The ops this host can run; a manifest using a missing one is refused before any work. */
  ops: Partial<StepOps>;
  /** Reads a mask named by a step (a path relative to the manifest, already validated). */
  loadMask?(path: string): Promise<Mask>;
  ctx?: OpContext;
  /** Called before each step starts. */
  onStep?(index: number, step: Step): void;
}

export interface Replay {
  image: RgbaImage;
  runs: Run[];
}

/** A step that cannot run on this input (e.g. a mask of the wrong size): the caller's input is at fault. */
export class StepInputError extends Error {
  override name = 'StepInputError';
}

/** The manifest needs an op this host does not provide. */
export class OpUnavailableError extends Error {
  override name = 'OpUnavailableError';
}

interface StepState {
  index: number;
  /** Current image size / source size. */
  scale: number;
  host: RunnerHost;
  ctx: OpContext;
}

type Executed = OpOutcome & { image?: RgbaImage; boxes?: ScoredBox[]; leftover?: ScoredBox[]; changedOutside?: number };
type Executor<K extends OpName> = (image: RgbaImage, step: StepOf<K>, state: StepState) => Promise<Executed>;

const scaleBox = (b: Box, s: number): Box => [b[0] * s, b[1] * s, b[2] * s, b[3] * s];

/** A mask at source size is enlarged (pixel replication) to the current image size. */
function fitMask(mask: Mask, image: RgbaImage, state: StepState, path: string): Mask {
  if (mask.width === image.width && mask.height === image.height) return mask;
  const s = state.scale;
  if (mask.width * s !== image.width || mask.height * s !== image.height) {
    throw new StepInputError(
      `step ${state.index} (inpaint): mask "${path}" is ${mask.width}x${mask.height} but the image is ${image.width / s}x${image.height / s}`,
    );
  }
  const data = new Uint8Array(image.width * image.height);
  for (let y = 0; y < image.height; y++) {
    const row = Math.floor(y / s) * mask.width;
    for (let x = 0; x < image.width; x++) data[y * image.width + x] = mask.data[row + Math.floor(x / s)];
  }
  return { width: image.width, height: image.height, data };
}

/** A region or box in the pixels of the current image: whole pixels there, or the step cannot run. */
function boxOnImage(b: Box, image: RgbaImage, state: StepState, op: OpName, field: string): Box {
  const out = scaleBox(b, state.scale);
  if (!out.every(Number.isInteger)) {
    const on = state.scale === 1 ? 'the source' : `the ${image.width}x${image.height} image (source pixels times ${state.scale})`;
    throw new StepInputError(`step ${state.index} (${op}): ${field} [${b.join(', ')}] must be whole pixels of ${on}`);
  }
  return out;
}

const EXECUTORS: { [K in OpName]: Executor<K> } = {
  // Boxes the operator accepted are the step's outcome: nothing to detect again.
  detect_text: async (image, step, state) => {
    if (step.boxes) return {};
    return state.host.ops.detect_text!(
      image,
      { region: step.region && boxOnImage(step.region, image, state, step.op, 'region') },
      state.ctx,
    );
  },
  remove_text: (image, step, state) =>
    state.host.ops.remove_text!(
      image,
      {
        region: step.region && boxOnImage(step.region, image, state, step.op, 'region'),
        dilate: step.dilate,
        boxes: step.boxes?.map((b, i) => boxOnImage(b, image, state, step.op, `boxes[${i}]`)),
      },
      state.ctx,
    ),
  inpaint: async (image, step, state) => {
    const { host, ctx, scale } = state;
    let mask: Mask;
    if (step.strokes) {
      const strokes = step.strokes.map((s) => ({ ...s, points: s.points.map((v) => v * scale), width: s.width * scale }));
      mask = rasteriseStrokes(image.width, image.height, strokes);
    } else {
      if (!host.loadMask) throw new OpUnavailableError(`step ${state.index} (inpaint): this host cannot read mask files`);
      mask = fitMask(await host.loadMask(step.mask!), image, state, step.mask!);
    }
    return host.ops.inpaint!(image, mask, { engine: step.engine, dilate: step.dilate }, ctx);
  },
  upscale: (image, step, { host, ctx }) => host.ops.upscale!(image, { scale: step.scale, model: step.model }, ctx),
};

function toRun(index: number, step: Step, outcome: Executed, ms: number, scale: number): Run {
  const run: Run = { step: index, op: step.op, ms: Math.round(ms) };
  if (outcome.engine) run.engine = outcome.engine;
  if (outcome.backend) run.backend = outcome.backend;
  if (outcome.model) run.model = { id: outcome.model.id, sha256: outcome.model.sha256 };
  if (outcome.models && outcome.models.length > 1) run.models = outcome.models.map((m) => ({ id: m.id, sha256: m.sha256 }));
  const inSource = (boxes: ScoredBox[]) =>
    boxes.map(({ box, score }) => [...scaleBox(box, 1 / scale), score] as [number, number, number, number, number]);
  if (outcome.boxes) run.boxes = inSource(outcome.boxes);
  if (outcome.leftover?.length) run.leftover = inSource(outcome.leftover);
  if (outcome.changedOutside) run.changed_outside = outcome.changedOutside;
  return run;
}

/** Says which step failed (keeping the error's type, so hosts still classify it). */
function withStepLabel(error: unknown, index: number, step: Step): unknown {
  const label = `step ${index} (${step.op})`;
  if (error instanceof Error && error.name !== 'AbortError' && !error.message.startsWith(label))
    error.message = `${label}: ${error.message}`;
  return error;
}

/** Refuses a manifest whose ops this host lacks, naming the steps, before any work starts. */
export function checkOpsAvailable(manifest: Manifest, ops: Partial<StepOps>): void {
  const missing = manifest.steps.flatMap((s, i) => (ops[s.op] ? [] : [`step ${i} (${s.op})`]));
  if (missing.length) throw new OpUnavailableError(`not available on this host: ${missing.join(', ')}`);
}

export async function runManifest(source: RgbaImage, manifest: Manifest, host: RunnerHost): Promise<Replay> {
  checkOpsAvailable(manifest, host.ops);
  const ctx = host.ctx ?? {};
  let image = source;
  let scale = 1;
  const runs: Run[] = [];
  for (const [index, step] of manifest.steps.entries()) {
    throwIfAborted(ctx.signal);
    host.onStep?.(index, step);
    const started = performance.now();
    const execute = EXECUTORS[step.op] as Executor<OpName>;
    const outcome = await execute(image, step as StepOf<OpName>, { index, scale, host, ctx }).catch((e) => {
      throw withStepLabel(e, index, step);
    });
    runs.push(toRun(index, step, outcome, performance.now() - started, scale));
    if (step.op === 'upscale') scale *= step.scale;
    if (outcome.image) image = outcome.image;
  }
  return { image, runs };
}
