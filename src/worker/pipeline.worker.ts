// The pipeline worker: hosts the operations and the inference port (onnxruntime-web; with the
// "server" backend, upscalers run on the server's onnxruntime-node), exposed with comlink.
// One job runs at a time (the client queues). A job's AbortController lives here; the client
// cancels it by job id because an AbortSignal cannot cross postMessage.
import * as Comlink from 'comlink';
import type { Manifest, Step } from '../ops/manifest.ts';
import type { ProgressFn, RgbaImage } from '../core/types.ts';
import type { OpContext } from '../ops/context.ts';
import type { PortTensor } from '../ops/port.ts';
import { loadModelBytes, modelStatuses, type ModelStatus } from '../runtime/model-store.ts';
import { OrtWebPort, type RunRecord } from '../runtime/ort-web.ts';
import { ortThreads } from '../runtime/ort-build.ts';
import type { SetupSpan } from '../runtime/setup-time.ts';
import { ServerPort } from '../runtime/server-port.ts';
import { modelById } from '../ops/models.ts';
import { probeWebGpu } from '../runtime/webgpu-probe.ts';
import { opById, type AnyOp, type OpId } from '../ops/table.ts';
import { installErrorTransport } from './error-transport.ts';
import { encodeImageFile, type ImageFileFormat } from './encode-image.ts';
import { hasPixels, heldImage, keptCopy, keptImage, showResult, takePixels } from './kept-pixels.ts';
import { patchBetween } from '../core/pixel-patch.ts';
import { rebuildImage } from './rebuild.ts';
import { openStash } from './opfs-stash.ts';
import {
  summariseRuns,
  type JobResult,
  type KeptRef,
  type PatchCrop,
  type PixelsHandover,
  type RebuiltFrom,
  type ShownImage,
  type ReplayedStepResult,
  type RuntimeEnvironment,
  type RuntimeSettings,
  type ServerJobResult,
  type Shown,
} from './protocol.ts';
import { replayJob, replayTransfers } from './replay-job.ts';
import { rememberSource, runFileOnServer, runServerJob, setServerToken } from './server-job.ts';
import { buffersOf } from './transfer.ts';

let settings: RuntimeSettings = { backend: 'auto' };
let port: OrtWebPort | ServerPort | undefined;
const jobs = new Map<string, AbortController>();
let crashArmed = false;

function getPort(): OrtWebPort | ServerPort {
  const { backend } = settings;
  port ??=
    backend === 'server'
      ? new ServerPort(new OrtWebPort({ ...settings, backend: 'auto' }), undefined, settings.serverToken)
      : new OrtWebPort({ ...settings, backend: backend === 'server-jobs' ? 'auto' : backend });
  return port;
}

/**
 * Runs a job body with its context (and the model runs it made so far, which grows as models
 * run); reruns it once on WASM when WebGPU failed mid-job.
 */
async function job<T>(
  jobId: string,
  onProgress: ProgressFn | undefined,
  body: (ctx: OpContext, runs: readonly RunRecord[]) => Promise<T>,
): Promise<JobResult<T>> {
  const controller = new AbortController();
  jobs.set(jobId, controller);
  const t0 = performance.now();
  const p = getPort();
  if (crashArmed) {
    onProgress?.({ stage: 'start', fraction: 0 });
    self.close();
    await new Promise<never>(() => {}); // no answer ever reaches the page
  }
  // Setup spans are kept across a rerun on WASM: that time was spent on the job too.
  const setup: SetupSpan[] = [];
  try {
    for (let attempt = 0; ; attempt++) {
      const runs: RunRecord[] = [];
      p.hooks = { onProgress, signal: controller.signal, onRun: (r) => runs.push(r), onSetup: (s) => setup.push(s) };
      try {
        const value = await body({ port: p, signal: controller.signal, onProgress }, runs);
        return { value, report: summariseRuns(runs, performance.now() - t0, setup) };
      } catch (e) {
        if ((e as Error).name === 'WebGpuRunFailedError' && attempt === 0) continue;
        throw e;
      }
    }
  } finally {
    jobs.delete(jobId);
    p.hooks = {};
    // The page's progress callback arrives as a comlink proxy: close its channel.
    (onProgress as Partial<Comlink.Remote<ProgressFn>> | undefined)?.[Comlink.releaseProxy]?.();
  }
}

/** Transfers (not copies) every typed-array buffer of a result back to the page. */
function transferOut<T>(value: T, buffers: ArrayBufferLike[]): T {
  return Comlink.transfer(
    value,
    buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer),
  );
}

/** A job's input: pixels sent with it, or a document image this worker keeps. */
type JobImage = RgbaImage | KeptRef;
const isKept = (image: JobImage): image is KeptRef => 'pixelsId' in image;
/**
 * The pixels an operation gets: a kept image itself when the op only reads it, a copy when it
 * writes (the kept image stays exact), or the transferred buffer.
 */
const pixelsFor = (op: AnyOp, image: JobImage): RgbaImage =>
  !isKept(image) ? image : op.changesPixels ? keptCopy(image.pixelsId) : keptImage(image.pixelsId);

/** What a same-size result changed from the kept image it ran on (the history keeps the crops, not the frame). */
function patchFrom(input: KeptRef, image: RgbaImage) {
  const base = heldImage(input.pixelsId);
  return base && base.width === image.width && base.height === image.height ? patchBetween(base, image) : null;
}

/**
 * A pixel result goes back as it came: a kept input gives a kept result, shown through a
 * bitmap made here (so the page never touches the pixels), with what it changed (patchFrom);
 * sent pixels come back as pixels.
 */
async function output<R extends { image: RgbaImage }>(
  input: JobImage,
  result: JobResult<R>,
  buffers: ArrayBufferLike[],
): Promise<JobResult<R | Shown<R>>> {
  if (!isKept(input)) return transferOut(result, buffers);
  const { image, mask: _mask, ...rest } = result.value as R & { mask?: unknown };
  const patch = patchFrom(input, image);
  const shown: ShownImage = { ...(await showResult(image)), ...(patch ? { patch } : {}) };
  const moved = patch ? [patch.before.buffer as ArrayBuffer, patch.after.buffer as ArrayBuffer] : [];
  return Comlink.transfer({ value: { ...rest, image: shown }, report: result.report }, [shown.bitmap, ...moved]);
}

const api = {
  /** Resolves once the worker holds its liveness lock (the client watches it to detect a crash). */
  async ready(lockName: string): Promise<void> {
    await new Promise<void>((held) => {
      void navigator.locks.request(lockName, () => {
        held();
        return new Promise<never>(() => {}); // held until this worker dies
      });
    });
  },

  async configure(next: RuntimeSettings): Promise<void> {
    if (port) throw new Error('configure() must come before the first job (the client restarts the worker to change settings)');
    settings = next;
    setServerToken(next.serverToken);
  },

  ping(): 'pong' {
    return 'pong';
  },

  async environment(): Promise<RuntimeEnvironment> {
    getPort();
    return {
      crossOriginIsolated: self.crossOriginIsolated,
      hardwareConcurrency: navigator.hardwareConcurrency,
      wasmThreads: ortThreads(),
      backendChoice: settings.backend,
      webgpu: await probeWebGpu(),
    };
  },

  models(): Promise<ModelStatus[]> {
    return modelStatuses();
  },

  /** Downloads, verifies and caches a model file. */
  async install(jobId: string, modelId: string, onProgress?: ProgressFn): Promise<JobResult<number>> {
    return job(jobId, onProgress, async ({ signal }) => (await loadModelBytes(modelById(modelId), onProgress, signal)).byteLength);
  },

  /** One raw session run of a model (diagnostics, tests, benchmarks). Input buffers arrive transferred. */
  async runModel(
    jobId: string,
    modelId: string,
    feeds: Record<string, PortTensor>,
    onProgress?: ProgressFn,
  ): Promise<JobResult<Record<string, PortTensor>>> {
    const result = await job(jobId, onProgress, async (ctx) => (await ctx.port!.session(modelId)).run(feeds, ctx.signal));
    return transferOut(
      result,
      Object.values(result.value).map((t) => t.data.buffer),
    );
  },

  /** Opens the page load's stash of kept pixels on disk (once, before the first job); false when there is none. */
  openStash(namespace: string): Promise<boolean> {
    return openStash(namespace);
  },

  /** Whether this worker keeps the document image `pixelsId` (a fresh one only what the stash holds). */
  hasPixels(pixelsId: string): Promise<boolean> {
    return hasPixels(pixelsId);
  },

  /** Keeps a document image the page hands over (the opened file, or a transferred bitmap copy). */
  takePixels(pixelsId: string, handover: PixelsHandover): Promise<void> {
    return takePixels(pixelsId, handover);
  },

  /**
   * Runs one operation of the table (ops/table.ts) by its manifest name, with that op's own
   * parameters (buffers in them arrive transferred). A pixel result of a kept input is kept here
   * and shown by a bitmap; otherwise every buffer of the result is transferred back.
   */
  async run(jobId: string, opId: OpId, image: JobImage, params: unknown, onProgress?: ProgressFn): Promise<JobResult<unknown>> {
    const op: AnyOp = opById(opId);
    const result = await job(jobId, onProgress, (ctx) => op.run(pixelsFor(op, image), params, ctx));
    const value = result.value as { image?: RgbaImage };
    if (value.image) return output(image, result as JobResult<{ image: RgbaImage }>, buffersOf(value));
    return transferOut(result, buffersOf(value));
  },

  /**
   * Replays a manifest on a kept document image (import): the mask files' bytes arrive
   * transferred and are decoded here; every step's image is kept here and shown by a bitmap,
   * its mask file (if any) comes back too, all transferred. `onStep` hears each step start.
   */
  async replay(
    jobId: string,
    source: KeptRef,
    manifest: Manifest,
    masks: Record<string, Uint8Array>,
    onProgress?: ProgressFn,
    onStep?: (index: number, step: Step) => void,
  ): Promise<JobResult<ReplayedStepResult[]>> {
    try {
      const result = await job(jobId, onProgress, (ctx, runs) =>
        replayJob({
          source: keptImage(source.pixelsId),
          manifest,
          masks,
          ctx,
          runs,
          onStep: onStep && ((index, step) => void onStep(index, step)), // a call to the page: not awaited
        }),
      );
      return Comlink.transfer(result, replayTransfers(result.value));
    } finally {
      (onStep as Partial<Comlink.Remote<typeof onStep>> | undefined)?.[Comlink.releaseProxy]?.();
    }
  },

  /**
   * A history image the page dropped, shown again: kept here already (memory or disk), or made
   * from the kept image `base` by pasting `crops` in order, then kept under `target`.
   */
  async rebuild(
    jobId: string,
    target: string,
    base: string | null,
    crops: PatchCrop[],
    onProgress?: ProgressFn,
  ): Promise<JobResult<{ image: ShownImage; from: RebuiltFrom }>> {
    const result = await job(jobId, onProgress, () => rebuildImage(target, base, crops, onProgress));
    return Comlink.transfer(result, [result.value.image.bitmap]);
  },

  /**
   * Runs manifest steps on a kept document image as one job on the server that served the page
   * (server-job.ts); the result is kept here and shown by a bitmap, as a local result is. The
   * report names the server's backend ('cpu', or null when no model ran) and the model files.
   */
  async runOnServer(jobId: string, image: KeptRef, steps: Step[], onProgress?: ProgressFn): Promise<JobResult<ServerJobResult>> {
    const result = await job(jobId, onProgress, ({ signal }) =>
      runServerJob(image.pixelsId, keptImage(image.pixelsId), steps, signal!, onProgress),
    );
    const { image: pixels, runs, jobId: serverJobId, resultSha } = result.value;
    // As a local result: what it changed goes with it, for the history to keep crops, not frames.
    const patch = patchFrom(image, pixels);
    const shown: ShownImage = { ...(await showResult(pixels)), ...(patch ? { patch } : {}) };
    const moved = patch ? [patch.before.buffer as ArrayBuffer, patch.after.buffer as ArrayBuffer] : [];
    if (resultSha) rememberSource(shown.pixelsId, resultSha);
    const models = runs.flatMap((r) => r.models ?? (r.model ? [r.model] : []));
    const report = {
      backend: (runs.find((r) => r.backend && r.backend !== 'js')?.backend ?? null) as JobResult<unknown>['report']['backend'],
      models: models.map((m) => ({ id: m.id, file: m.id, sha256: m.sha256 })),
      ms: result.report.ms,
    };
    return Comlink.transfer({ value: { image: shown, runs, serverJobId }, report }, [shown.bitmap, ...moved]);
  },

  /** A file the editor cannot open (too big) run on the server as it is: the result file's bytes (transferred) and the executed manifest. */
  async runFileOnServer(
    jobId: string,
    file: Blob,
    steps: Step[],
    onProgress?: ProgressFn,
  ): Promise<JobResult<{ bytes: Uint8Array; type: string; manifest: string }>> {
    const result = await job(jobId, onProgress, ({ signal }) => runFileOnServer(file, steps, signal!, onProgress));
    return transferOut(result, [result.value.bytes.buffer]);
  },

  /** A kept document image as an image file (exact PNG; JPEG and WebP through a canvas). The bytes are transferred. */
  async encodeImage(
    jobId: string,
    image: KeptRef,
    format: ImageFileFormat,
    quality: number,
    onProgress?: ProgressFn,
  ): Promise<JobResult<Uint8Array>> {
    const result = await job(jobId, onProgress, () => encodeImageFile(keptImage(image.pixelsId), format, quality));
    return transferOut(result, [result.value.buffer]);
  },

  cancel(jobId: string): void {
    jobs.get(jobId)?.abort(new DOMException('The job was cancelled.', 'AbortError'));
  },

  /** Test hook (test build only): the next job's worker dies mid-job, as if killed for running out of memory. */
  crashForTest(): void {
    if (!import.meta.env.VITE_TEST_HOOKS)
      throw new Error('crashForTest is a test hook: only the test build (vite build --mode e2e) has it');
    crashArmed = true;
  },
};

export type PipelineApi = typeof api;

installErrorTransport();
Comlink.expose(api);
