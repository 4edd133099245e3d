// Executes a manifest's steps over an image, one op at a time, recording one run per step.
// Each step's op comes from the table (table.ts; a host may pass its own table, e.g. with an
// op left out), so the same runner replays manifests in the browser worker, the server and the
// CLI. Hosts add what is theirs (how a run is recorded, how errors read) by wrapping each step.
//
// Coordinates in a manifest are source pixels. After an upscale the image is larger, so later
// steps' coordinate fields (as each step declares them: boxes, strokes, mask files) are scaled
// by the cumulative factor before use, and recorded boxes are mapped back to source pixels.
import type { Coordinates } from '../core/manifest/index.ts';
import type { Box, Mask, RgbaImage, ScoredBox, Stroke } from '../core/types.ts';
import { throwIfAborted, type OpContext } from './context.ts';
import type { Manifest, Run, Step } from './manifest.ts';
import type { StepIO, StepOutcome } from './op.ts';
import { OPS, type AnyOp, type OpTable } from './table.ts';

export type { OpOutcome, StepOutcome } from './op.ts';

/** One step about to run: what a host's wrapper sees. */
export interface StepCall {
  index: number;
  op: AnyOp;
  /** The step with its coordinates in the pixels of `image`. */
  step: Step;
  image: RgbaImage;
  ctx: OpContext;
}

/** Runs the step on `image` (the op's run, then its outcome). */
export type RunStep = (image: RgbaImage) => Promise<StepOutcome>;

/** A host's hook around every step: record how it ran, map its errors, give the op a copy of the image. */
export type StepWrapper = (call: StepCall, run: RunStep) => Promise<StepOutcome>;

export interface RunnerHost {
  /** The ops this host can run (default: the whole table); a manifest using a missing one is refused before any work. */
  ops?: OpTable;
  /** Reads a mask named by a step (a path relative to the manifest, already validated). */
  loadMask?(path: string): Promise<Mask>;
  ctx?: OpContext;
  /** Called before each step starts. */
  onStep?(index: number, step: Step): void;
  around?: StepWrapper;
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
  op: string;
  /** Current image size / source size. */
  scale: number;
  image: RgbaImage;
}

const scaleBox = (b: Box, s: number): Box => [b[0] * s, b[1] * s, b[2] * s, b[3] * s];

/** A mask at source size is enlarged (pixel replication) to the current image size. */
function fitMask(mask: Mask, { image, scale: s, index, op }: StepState, path: string): Mask {
  if (mask.width === image.width && mask.height === image.height) return mask;
  if (mask.width * s !== image.width || mask.height * s !== image.height) {
    throw new StepInputError(
      `step ${index} (${op}): mask "${path}" is ${mask.width}x${mask.height} but the image is ${image.width / s}x${image.height / s}`,
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
function boxOnImage(b: Box, { image, scale, index, op }: StepState, field: string): Box {
  const out = scaleBox(b, scale);
  if (!out.every(Number.isInteger)) {
    const on = scale === 1 ? 'the source' : `the ${image.width}x${image.height} image (source pixels times ${scale})`;
    throw new StepInputError(`step ${index} (${op}): ${field} [${b.join(', ')}] must be whole pixels of ${on}`);
  }
  return out;
}

/** The step with every coordinate field (as the op declares them) in the pixels of the current image. */
function onImage(step: Step, coordinates: Coordinates, state: StepState): Step {
  const out: Record<string, unknown> = { ...step };
  const s = state.scale;
  for (const [field, kind] of Object.entries(coordinates)) {
    const value = out[field];
    if (value === undefined) continue;
    if (kind === 'box') out[field] = boxOnImage(value as Box, state, field);
    else if (kind === 'boxes') out[field] = (value as Box[]).map((b, i) => boxOnImage(b, state, `${field}[${i}]`));
    else if (kind === 'strokes')
      out[field] = (value as Stroke[]).map((st) => ({ ...st, points: st.points.map((v) => v * s), width: st.width * s }));
    // mask-file: the path stays; the mask is enlarged when read (StepIO.loadMask).
  }
  return out as Step;
}

function toRun(index: number, step: Step, outcome: StepOutcome, ms: number, scale: number): Run {
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
export function checkOpsAvailable(manifest: Manifest, ops: OpTable): void {
  const missing = manifest.steps.flatMap((s, i) => (ops[s.op] ? [] : [`step ${i} (${s.op})`]));
  if (missing.length) throw new OpUnavailableError(`not available on this host: ${missing.join(', ')}`);
}

/** One step: its outcome (nothing to run when the step carries it, e.g. accepted boxes). */
async function runStep(op: AnyOp, step: Step, state: StepState, host: RunnerHost, ctx: OpContext): Promise<StepOutcome> {
  if (op.step.carriesOutcome?.(step)) return {};
  const scaled = onImage(step, op.step.coordinates, state);
  const io: StepIO = {
    width: state.image.width,
    height: state.image.height,
    async loadMask(path) {
      if (!host.loadMask) throw new OpUnavailableError(`step ${state.index} (${step.op}): this host cannot read mask files`);
      return fitMask(await host.loadMask(path), state, path);
    },
  };
  const params = await op.params(scaled, io);
  const run: RunStep = async (image) => op.outcome(await op.run(image, params, ctx));
  return host.around ? host.around({ index: state.index, op, step: scaled, image: state.image, ctx }, run) : run(state.image);
}

export async function runManifest(source: RgbaImage, manifest: Manifest, host: RunnerHost = {}): Promise<Replay> {
  const ops = host.ops ?? OPS;
  checkOpsAvailable(manifest, ops);
  const ctx = host.ctx ?? {};
  let image = source;
  let scale = 1;
  const runs: Run[] = [];
  for (const [index, step] of manifest.steps.entries()) {
    throwIfAborted(ctx.signal);
    host.onStep?.(index, step);
    const started = performance.now();
    const state: StepState = { index, op: step.op, scale, image };
    const outcome = await runStep(ops[step.op]!, step, state, host, ctx).catch((e) => {
      throw withStepLabel(e, index, step);
    });
    runs.push(toRun(index, step, outcome, performance.now() - started, scale));
    // An op that changes the image's size (an upscale) scales every later coordinate by the same factor.
    if (outcome.image) {
      scale *= outcome.image.width / image.width;
      image = outcome.image;
    }
  }
  return { image, runs };
}
