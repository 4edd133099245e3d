// The types that cross the worker boundary (structured-clone data only).
import type { Run } from '../ops/manifest.ts';
import type { Box, Mask, ScoredBox } from '../core/types.ts';
import type { PixelPatch } from '../core/pixel-patch.ts';
import type { Backend } from '../ops/port.ts';
import type { ModelStatus } from '../runtime/model-store.ts';
import type { BackendChoice as BrowserBackendChoice, RunRecord } from '../runtime/ort-web.ts';
import type { WebGpuInfo } from '../runtime/webgpu-probe.ts';
import { setupTimes, type SetupSpan, type SetupTimes } from '../runtime/setup-time.ts';

export type { Backend, ModelStatus, RunRecord, WebGpuInfo };

/**
 * Where models run: in the browser (auto, webgpu, wasm), or on the server that served the page:
 * 'server' sends each upscaler tile (runtime/server-port.ts), 'server-jobs' sends whole jobs
 * (worker/server-job.ts; what stays in the browser then runs as auto). Auto also sends heavy
 * jobs whole (editor/flows/placement.ts).
 */
export type BackendChoice = BrowserBackendChoice | 'server' | 'server-jobs';

/** Settings a worker is started with. Changing them restarts the worker. */
export interface RuntimeSettings {
  backend: BackendChoice;
  /** WASM threads; default hardwareConcurrency when cross-origin isolated, else 1. */
  threads?: number;
  /** Test hook: make WebGPU fail at session creation or at a real run. */
  breakWebGpu?: 'create' | 'run';
  /** The bearer token for the server's jobs and model runs, when it asks for one (given under Runtime). */
  serverToken?: string;
  /** Let "auto" use a software WebGPU adapter such as SwiftShader (tests); off by default. */
  allowSoftwareWebGpu?: boolean;
}

/** What the diagnostics page and the status bar show about the runtime. */
export interface RuntimeEnvironment {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  wasmThreads: number;
  backendChoice: BackendChoice;
  webgpu: WebGpuInfo;
}

/** How a finished job ran. */
export interface JobReport {
  /** The backend the result came from (null when the job needed no model). */
  backend: Backend | null;
  /** Set when the job did not run on the backend "auto" prefers, with the reason in words. */
  fallback?: string;
  /** The model files that ran. */
  models: { id: string; file: string; sha256: string | null }[];
  ms: number;
  /** The part of `ms` spent reading models and starting sessions (a model's first use in this worker). */
  setup?: SetupTimes;
}

export interface JobResult<T> {
  value: T;
  report: JobReport;
}

export function summariseRuns(runs: RunRecord[], ms: number, setup: readonly SetupSpan[] = []): JobReport {
  const last = runs.at(-1);
  const models = [...new Map(runs.map((r) => [r.file, { id: r.modelId, file: r.file, sha256: r.sha256 }])).values()];
  const times = setupTimes(setup);
  return {
    backend: last?.backend ?? null,
    fallback: runs.find((r) => r.fallback)?.fallback,
    models,
    ms,
    ...(times ? { setup: times } : {}),
  };
}

/** How the page hands a document image to a worker that does not hold it: the opened file (decoded there) or a bitmap copy (transferred). */
export type PixelsHandover = { file: Blob; opaque: boolean } | { bitmap: ImageBitmap; opaque: boolean };

/** A document image the worker holds, named by id: what a job on the open document sends. */
export interface KeptRef {
  pixelsId: string;
}

/** A result the page shows: its bitmap (made in the worker, transferred) and the id the worker keeps its exact pixels under. */
export interface ShownImage {
  pixelsId: string;
  width: number;
  height: number;
  bitmap: ImageBitmap;
  /**
   * What changed from the image the job ran on (same size only; absent when nothing changed
   * or the size did): the page's history keeps these crops instead of full frames.
   */
  patch?: PixelPatch;
}

/** One crop to paste while rebuilding a history image (a patch's `before` or `after`, by direction). */
export interface PatchCrop {
  box: Box;
  pixels: Uint8ClampedArray;
}

/** Where a rebuilt history image came from: the worker's memory or its stash on disk, or pasted from a neighbour. */
export type RebuiltFrom = 'memory' | 'disk' | 'patches';

/**
 * A replayed step's image: shown, or, for an older step the page's history need not hold
 * (editor/history-memory.ts rebuilds it on undo), kept here only (`bitmap` null), so an import
 * or a restore of many steps never sends every full-size bitmap to the page at once.
 */
export type ReplayedImage = Omit<ShownImage, 'bitmap'> & { bitmap: ImageBitmap | null };

/** An operation's result for a kept input: the image as a ShownImage, the full-size buffers left in the worker. */
export type Shown<R> = Omit<R, 'image' | 'mask'> & { image: ShownImage };

/** What a job on a kept image gives: Shown for a pixel result, the result itself otherwise (e.g. text boxes). */
export type ShownResult<R> = R extends { image: unknown } ? Shown<R> : R;

/**
 * One step of a replayed manifest: how it ran, the image after it (pixel steps: kept in the
 * worker, shown by its bitmap), the boxes it found (detect_text), the mask file it read.
 */
export interface ReplayedStepResult {
  run: Run;
  image?: ReplayedImage;
  boxes?: ScoredBox[];
  mask?: Mask;
}

/** A whole job the server ran (the editor's "Server" placement): the result, shown, and the executed manifest's runs. */
export interface ServerJobResult {
  image: ShownImage;
  /** One per step, as the server recorded them. */
  runs: Run[];
  /** The job's id on the server (GET /jobs/<id>). */
  serverJobId: string;
}

/** A file run on the server as it is: the result file (its bytes and content type) and the executed manifest's text. */
export interface ServerFileResult {
  bytes: Uint8Array;
  type: string;
  manifest: string;
}
