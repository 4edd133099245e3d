// InferencePort over onnxruntime-web, for the pipeline worker.
// Backend choice ("auto"): WebGPU when a hardware adapter is granted AND a smoke run of the model
// gives finite numbers; otherwise WASM (SIMD, threads when cross-origin isolated). On WebGPU the fp16
// twin of a model is used when the adapter has shader-f16; ops always see float32 tensors.
// A WebGPU failure at a real run switches the session to WASM and throws WebGpuRunFailedError
// so the host reruns the whole job on WASM (one backend per result).
import { runQueue } from '../core/run-queue.ts';
import type * as ort from 'onnxruntime-web';
import type { ProgressFn } from '../core/types.ts';
import type { Backend, InferencePort, ModelSession, PortTensor } from '../ops/port.ts';
import { releaseBuffers } from '../ops/release.ts';
import { runtimeLoadError } from './errors.ts';
import { loadModelBytes, modelState } from './model-store.ts';
import { ortFor, setOrtThreads, type OrtModule } from './ort-build.ts';
import { fromOrt, narrowToHalf, toOrt, widenToFloat } from './ort-tensors.ts';
import { MODELS, modelById, type ModelEntry } from '../ops/models.ts';
import type { SetupSpan } from './setup-time.ts';
import { probeWebGpu } from './webgpu-probe.ts';

export type BackendChoice = 'auto' | 'webgpu' | 'wasm';

export interface OrtWebSettings {
  backend: BackendChoice;
  /** WASM threads. Default: hardwareConcurrency when cross-origin isolated, else 1. Only honoured before the first session. */
  threads?: number;
  /** Test hook (test build only, see .env.e2e): make WebGPU fail at session creation, or at every real (non-smoke) run. */
  breakWebGpu?: 'create' | 'run';
  /** Let "auto" use a software WebGPU adapter (tests on SwiftShader); off by default. */
  allowSoftwareWebGpu?: boolean;
}

/** One model run, as reported to the job that asked for it. */
export interface RunRecord {
  modelId: string;
  /** The file that actually ran (the fp16 twin on WebGPU with shader-f16). */
  file: string;
  sha256: string | null;
  backend: Backend;
  /** Why this run is not on the backend "auto" prefers, when it is not. */
  fallback?: string;
}

/** What the current job wants to hear; jobs are serialised, so the host sets these per job. */
export interface JobHooks {
  onProgress?: ProgressFn;
  signal?: AbortSignal;
  onRun?: (r: RunRecord) => void;
  /** Hears each stretch of setup (a model file read or downloaded, a session started). */
  onSetup?: (span: SetupSpan) => void;
}

/** Thrown once when WebGPU fails at a real run; the session has already moved to WASM. */
export class WebGpuRunFailedError extends Error {
  override name = 'WebGpuRunFailedError';
}

interface Loaded {
  /** The onnxruntime-web build the session belongs to (its Tensor class must make the feeds). */
  ort: OrtModule;
  session: ort.InferenceSession;
  backend: 'webgpu' | 'wasm';
  entry: ModelEntry;
  half: boolean;
  fallback?: string;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function isAbort(e: unknown): boolean {
  return (e as Error)?.name === 'AbortError';
}

function message(e: unknown): string {
  return (e as Error)?.message ?? String(e);
}

/**
 * Small constant feeds from the model's declared inputs: a symbolic batch becomes 1, other
 * symbolic dims `side` (32 for the detector, whose sides must be multiples of 32).
 */
function smokeFeeds({ ort, session }: Loaded, side: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  session.inputMetadata.forEach((meta, i) => {
    const m = meta as { isTensor?: boolean; type?: string; shape?: readonly (number | string)[] };
    const dims = (m.shape ?? [1, 3, side, side]).map((d, k) => (typeof d === 'number' && d > 0 ? d : k === 0 ? 1 : side));
    const n = dims.reduce((a, b) => a * b, 1);
    const f32: PortTensor = { type: 'float32', data: new Float32Array(n).fill(0.5), dims };
    feeds[session.inputNames[i]] = toOrt(ort, m.type === 'float16' ? narrowToHalf(f32) : f32);
  });
  return feeds;
}

async function smokeRun(loaded: Loaded): Promise<void> {
  const { session, entry } = loaded;
  const out = await session.run(smokeFeeds(loaded, entry.task === 'detect-text' || entry.task === 'detect-faces' ? 32 : 16));
  for (const [name, t] of Object.entries(out)) {
    const values = widenToFloat(fromOrt(t)).data as Float32Array;
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) throw new Error(`smoke run gave a non-finite value in ${name}`);
    }
  }
}

class OrtWebSession implements ModelSession {
  private readonly serially = runQueue();

  constructor(
    readonly modelId: string,
    private loaded: Loaded,
    private readonly port: OrtWebPort,
  ) {}

  get backend(): Backend {
    return this.loaded.backend;
  }
  release(): Promise<void> {
    return this.loaded.session.release();
  }
  get inputNames(): readonly string[] {
    return this.loaded.session.inputNames;
  }
  get outputNames(): readonly string[] {
    return this.loaded.session.outputNames;
  }

  /** Runs are serialised: onnxruntime-web sessions must not run concurrently. */
  run(feeds: Record<string, PortTensor>, signal?: AbortSignal): Promise<Record<string, PortTensor>> {
    return this.serially(() => this.runNow(feeds, signal));
  }

  private async runNow(feeds: Record<string, PortTensor>, signal?: AbortSignal): Promise<Record<string, PortTensor>> {
    // A WASM run resolves through microtasks only, so an op's tile loop would never let the
    // worker read its messages. Yield a task first: a Cancel (or a liveness ping) lands here.
    await yieldToEventLoop();
    signal?.throwIfAborted();
    const l = this.loaded;
    const ortFeeds: Record<string, ort.Tensor> = {};
    const narrowed: ArrayBufferView[] = [];
    for (const [k, t] of Object.entries(feeds)) {
      const fed = l.half ? narrowToHalf(t) : t;
      if (fed !== t) narrowed.push(fed.data);
      ortFeeds[k] = toOrt(l.ort, fed);
    }
    let out: ort.InferenceSession.ReturnType;
    try {
      if (import.meta.env.VITE_TEST_HOOKS && l.backend === 'webgpu' && this.port.settings.breakWebGpu === 'run')
        throw new Error('WebGPU run failed (forced by the breakWebGpu test setting)');
      out = await l.session.run(ortFeeds);
    } catch (e) {
      if (l.backend !== 'webgpu' || this.port.settings.backend === 'webgpu' || isAbort(e)) throw e;
      const reason = `WebGPU failed during a run (${message(e)}); the job ran again on WASM`;
      this.loaded = await this.port.loadOn('wasm', this.modelId, reason);
      void l.session.release().catch(() => undefined);
      throw new WebGpuRunFailedError(reason);
    }
    signal?.throwIfAborted();
    // fp16 copies made here are ours: free them now rather than at the next GC (release.ts).
    releaseBuffers(...narrowed);
    const result: Record<string, PortTensor> = {};
    for (const [k, t] of Object.entries(out)) {
      const raw = fromOrt(t);
      result[k] = widenToFloat(raw);
      if (result[k] !== raw) releaseBuffers(raw.data);
      t.dispose();
    }
    this.port.hooks.onRun?.({
      modelId: this.modelId,
      file: l.entry.file,
      sha256: l.entry.sha256,
      backend: l.backend,
      fallback: l.fallback,
    });
    return result;
  }
}

export class OrtWebPort implements InferencePort {
  hooks: JobHooks = {};
  private sessions = new Map<string, Promise<OrtWebSession>>();

  constructor(readonly settings: OrtWebSettings) {
    setOrtThreads(settings.threads);
  }

  session(modelId: string): Promise<ModelSession> {
    let s = this.sessions.get(modelId);
    if (!s) {
      s = this.open(modelId);
      this.sessions.set(modelId, s);
      s.catch(() => this.sessions.delete(modelId));
    }
    return s;
  }

  async has(modelId: string): Promise<boolean> {
    const state = await modelState(modelById(modelId));
    return state === 'cached' || state === 'on-server';
  }

  /** Releases every session (settings change, idle). */
  async dispose(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.then((x) => x.release()).catch(() => undefined)));
  }

  private async open(modelId: string): Promise<OrtWebSession> {
    const want = this.settings.backend;
    if (want === 'wasm') return new OrtWebSession(modelId, await this.loadOn('wasm', modelId), this);
    if (want === 'webgpu') return new OrtWebSession(modelId, await this.loadOn('webgpu', modelId), this);
    const gpu = await probeWebGpu();
    if (!gpu.available) return new OrtWebSession(modelId, await this.loadOn('wasm', modelId, `no WebGPU: ${gpu.reason}`), this);
    if (gpu.software && !this.settings.allowSoftwareWebGpu)
      return new OrtWebSession(
        modelId,
        await this.loadOn('wasm', modelId, `the WebGPU adapter (${gpu.adapter}) is a software renderer, slower than WASM`),
        this,
      );
    try {
      return new OrtWebSession(modelId, await this.loadOn('webgpu', modelId), this);
    } catch (e) {
      if (isAbort(e) || /^Model(Missing|Corrupt)Error$/.test((e as Error).name)) throw e;
      return new OrtWebSession(
        modelId,
        await this.loadOn('wasm', modelId, `WebGPU failed at session creation (${message(e)}); ran on WASM`),
        this,
      );
    }
  }

  /** Creates a session on one backend. WebGPU sessions must pass a smoke run. */
  async loadOn(backend: 'webgpu' | 'wasm', modelId: string, fallback?: string): Promise<Loaded> {
    const base = modelById(modelId);
    let entry = base;
    if (backend === 'webgpu') {
      const gpu = await probeWebGpu();
      if (!gpu.available) throw new Error(`WebGPU is not available: ${gpu.reason}`);
      const twin = gpu.shaderF16 ? MODELS.find((m) => m.fp32Twin === modelId) : undefined;
      if (twin && (await modelState(twin)) !== 'missing') entry = twin;
    }
    const { onProgress, onSetup, signal } = this.hooks;
    let downloaded = false;
    const readStart = performance.now();
    const bytes = await loadModelBytes(
      entry,
      (p) => {
        downloaded ||= p.stage === 'download';
        onProgress?.(p);
      },
      signal,
    );
    const sessionStart = performance.now();
    onSetup?.({ kind: 'models', start: readStart, end: sessionStart, downloaded });
    try {
      return await this.startSession(backend, entry, bytes, fallback);
    } finally {
      onSetup?.({ kind: 'sessions', start: sessionStart, end: performance.now() });
    }
  }

  /** A session for `entry` on `backend` from its bytes (WebGPU's passes a smoke run first). */
  private async startSession(backend: 'webgpu' | 'wasm', entry: ModelEntry, bytes: Uint8Array, fallback?: string): Promise<Loaded> {
    this.hooks.onProgress?.({ stage: 'load model', fraction: 0, detail: `${entry.file} on ${backend}` });
    if (import.meta.env.VITE_TEST_HOOKS && backend === 'webgpu' && this.settings.breakWebGpu === 'create') {
      throw new Error('WebGPU session creation failed (forced by the breakWebGpu test setting)');
    }
    // NCHW: with the default NHWC layout, JSEP fails on Real-ESRGAN's final Add (ORT 1.30).
    const ep = backend === 'webgpu' ? [{ name: 'webgpu', preferredLayout: 'NCHW' as const }] : ['wasm'];
    // The first session imports ONNX Runtime's .mjs and fetches its .wasm: offline and uncached, say so.
    const ort = await ortFor(backend);
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ep, graphOptimizationLevel: 'all' }).catch((e) => {
      throw runtimeLoadError(e);
    });
    const half = session.inputMetadata.some((m) => (m as { type?: string }).type === 'float16');
    const loaded: Loaded = { ort, session, backend, entry, half, fallback };
    if (backend === 'webgpu') {
      try {
        await smokeRun(loaded);
      } catch (e) {
        void session.release().catch(() => undefined);
        throw new Error(`WebGPU smoke run failed: ${message(e)}`);
      }
    }
    return loaded;
  }
}
