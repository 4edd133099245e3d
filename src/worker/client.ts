// The pipeline client: the API the editor and the diagnostics page use to run inference jobs.
// - One job at a time per client; later jobs wait in a queue (cancelling a queued job drops it).
// - Every job takes an AbortSignal and a progress callback.
// - Inputs are transferred to the worker, not copied: the buffers you pass are detached here.
//   Pass a provider `() => image` (that returns a fresh copy) when you want failed jobs to offer
//   `retry()`; the document itself is never handed over, so a crash cannot touch it.
// - A worker that dies (out of memory, crash, hang) is replaced; the job fails with
//   JobError kind 'crashed' and a retry action. An idle worker is ended after `idleMs`.
import * as Comlink from 'comlink';
import type { Manifest, Step } from '../ops/manifest.ts';
import type { ProgressFn, RgbaImage } from '../core/types.ts';
import type { PortTensor } from '../ops/port.ts';
import type { OpId, ParamsOf, ResultOf } from '../ops/table.ts';
import { CRASH_MESSAGE, JobError, poisonedWorker, toJobError } from './job-error.ts';
import type { PipelineApi } from './pipeline.worker.ts';
import type { ImageFileFormat } from './encode-image.ts';
import type {
  JobResult,
  KeptRef,
  ModelStatus,
  PatchCrop,
  PixelsHandover,
  RebuiltFrom,
  ReplayedStepResult,
  RuntimeEnvironment,
  ServerFileResult,
  ServerJobResult,
  RuntimeSettings,
  ShownImage,
  ShownResult,
} from './protocol.ts';
import { buffersOf } from './transfer.ts';
import { WorkerHost } from './worker-host.ts';
import { pageStashNamespace } from './opfs-namespace.ts';

export { JobError } from './job-error.ts';
export { reportedModel } from './recorded-outcome.ts';
export type { JobFailure } from './job-error.ts';
export type * from './protocol.ts';
export type { OpId, ParamsOf, ResultOf } from '../ops/table.ts';

/** What every job takes besides its inputs: a way to cancel it and to hear its progress. */
export interface JobOptions {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
}

export interface ReplayOptions extends JobOptions {
  /** Hears each step start (before its progress). */
  onStep?: (index: number, step: Step) => void;
}

/** A value, or a function that makes a fresh one (needed for retry, since inputs are transferred). */
export type Input<T> = T | (() => T);

/**
 * A document image named by id. The worker keeps every result it makes and every image handed
 * to it, so a job on the open document sends only the id, and its result comes back as a
 * bitmap made in the worker (Shown): the page never reads, copies or writes full-size pixels.
 */
export interface KeptImage {
  pixelsId: string;
  /** The pixels for a worker that does not hold them (a fresh one, after a crash or the idle timeout). */
  handover(): Promise<PixelsHandover>;
}

/** A way to rebuild a history image: a base image and the crops that turn it into the target. */
export interface RebuildRoute {
  base: KeptImage;
  crops: PatchCrop[];
  /** Whether the page can hand the base over (its bitmap is held, or it is the opened file). */
  canHandOver: boolean;
}

const isKept = (image: unknown): image is KeptImage => typeof image === 'object' && image !== null && 'pixelsId' in image;
const canRetry = (image: unknown) => isKept(image) || typeof image === 'function';

export interface ClientOptions {
  settings?: RuntimeSettings;
  /** End the worker after this long without jobs (its sessions are rebuilt on the next job). Default 2 min. */
  idleMs?: number;
  /** A busy worker that leaves pings unanswered this long is declared dead (it answers between model runs). Default 120 s. */
  pingTimeoutMs?: number;
  /** After a cancel, how long the worker may take to stop (it stops between model runs) before it is restarted. Default 20 s. */
  hardCancelMs?: number;
  createWorker?: (name: string) => Worker;
}

export interface WorkerEvent {
  type: 'restarted';
  reason: string;
}

type Call<T> = (api: Comlink.Remote<PipelineApi>, jobId: string, onProgress?: ProgressFn) => Promise<T>;

let jobSerial = 0;

export class PipelineClient {
  private settings: RuntimeSettings;
  private host?: WorkerHost;
  /** The current worker started, with the page's stash of kept pixels open in it. */
  private hostReady?: Promise<void>;
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private idleTimer?: ReturnType<typeof setTimeout>;
  private listeners = new Set<(e: WorkerEvent) => void>();
  private persistAsked?: Promise<boolean>;
  private diskStash?: boolean;
  private readonly idleMs: number;
  private readonly pingTimeoutMs: number;
  private readonly hardCancelMs: number;

  constructor(private readonly opts: ClientOptions = {}) {
    this.settings = opts.settings ?? { backend: 'auto' };
    this.idleMs = opts.idleMs ?? 120_000;
    this.pingTimeoutMs = opts.pingTimeoutMs ?? 120_000;
    this.hardCancelMs = opts.hardCancelMs ?? 20_000;
  }

  /** Whether a worker is alive now (false before the first job and after the idle timeout). */
  get workerRunning(): boolean {
    return !!this.host?.alive;
  }

  /**
   * Whether the worker keeps copies of its images on disk (OPFS): false when the browser has
   * none or refused it, undefined before a worker started.
   */
  get stashOnDisk(): boolean | undefined {
    return this.diskStash;
  }

  get currentSettings(): RuntimeSettings {
    return { ...this.settings };
  }

  /** Changes backend/threads; the worker restarts before the next job (queued jobs use the new settings). */
  async setSettings(settings: RuntimeSettings): Promise<void> {
    this.settings = { ...settings };
    await this.enqueue(async () => this.stopWorker());
  }

  /** Hears about worker restarts (to show "the worker was restarted" in a status bar). */
  onEvent(listener: (e: WorkerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async environment(): Promise<RuntimeEnvironment> {
    return this.job((api) => api.environment());
  }

  async models(): Promise<ModelStatus[]> {
    return this.job((api) => api.models());
  }

  /** Asks the browser to keep our Cache Storage (models) under storage pressure. */
  async persistStorage(): Promise<boolean> {
    return (await navigator.storage?.persist?.()) ?? false;
  }

  /** Downloads, verifies (sha256) and caches a model; resolves with its size in bytes. */
  installModel(modelId: string, opts: JobOptions = {}): Promise<JobResult<number>> {
    return this.job((api, id, progress) => api.install(id, modelId, progress), opts);
  }

  /** One raw run of a model's session. Feed buffers are transferred. */
  runModel(
    modelId: string,
    feeds: Input<Record<string, PortTensor>>,
    opts: JobOptions = {},
  ): Promise<JobResult<Record<string, PortTensor>>> {
    return this.job(
      (api, id, progress) => {
        const f = typeof feeds === 'function' ? feeds() : feeds;
        return api.runModel(
          id,
          modelId,
          Comlink.transfer(
            f,
            Object.values(f).map((t) => t.data.buffer as ArrayBuffer),
          ),
          progress,
        );
      },
      opts,
      typeof feeds === 'function',
    );
  }

  /**
   * Runs an operation of the table (ops/table.ts) by its manifest name, with that op's own
   * parameters. On a kept document image the result's image comes back shown (a bitmap made in
   * the worker, the pixels kept there); sent pixels come back as pixels. Image and parameter
   * buffers are transferred: pass providers (`() => value`) when a failed job should offer retry.
   */
  run<K extends OpId>(
    opId: K,
    image: KeptImage,
    params: Input<ParamsOf<K>>,
    opts?: JobOptions,
  ): Promise<JobResult<ShownResult<ResultOf<K>>>>;
  run<K extends OpId>(opId: K, image: Input<RgbaImage>, params: Input<ParamsOf<K>>, opts?: JobOptions): Promise<JobResult<ResultOf<K>>>;
  run<K extends OpId>(
    opId: K,
    image: Input<RgbaImage> | KeptImage,
    params: Input<ParamsOf<K>>,
    opts: JobOptions = {},
  ): Promise<JobResult<ResultOf<K> | ShownResult<ResultOf<K>>>> {
    return this.job(
      async (api, id, progress) => {
        const img = await this.jobImage(api, image);
        const p = typeof params === 'function' ? (params as () => ParamsOf<K>)() : params;
        return (await api.run(id, opId, img, Comlink.transfer(p, buffersOf(p)), progress)) as JobResult<ResultOf<K>>;
      },
      opts,
      canRetry(image) && (typeof params === 'function' || buffersOf(params).length === 0),
    );
  }

  /**
   * Runs manifest steps on a kept document image as one job on the server that served the page
   * (worker/server-job.ts): sent once by sha256, the server's progress heard, the result kept in
   * the worker and shown. Fails with JobError kind 'server-unavailable' when the server did not
   * take the job (unreachable, not a cleanplate server, a token asked, limits): run it here then.
   */
  runOnServer(image: KeptImage, steps: Step[], opts: JobOptions = {}): Promise<JobResult<ServerJobResult>> {
    return this.job(
      async (api, id, progress) => api.runOnServer(id, (await this.jobImage(api, image)) as KeptRef, steps, progress),
      opts,
      true,
    );
  }

  /** A file the editor cannot open (too big) run on the server as it is (worker/server-job.ts): the result file and the executed manifest. */
  runFileOnServer(file: Blob, steps: Step[], opts: JobOptions = {}): Promise<JobResult<ServerFileResult>> {
    return this.job((api, id, progress) => api.runFileOnServer(id, file, steps, progress), opts, true);
  }

  /** A kept document image as an image file, encoded in the worker (PNG exact under partial alpha). */
  encodeImage(image: KeptImage, format: ImageFileFormat, quality: number, opts: JobOptions = {}): Promise<JobResult<Uint8Array>> {
    return this.job(
      async (api, id, progress) => api.encodeImage(id, (await this.jobImage(api, image)) as KeptRef, format, quality, progress),
      opts,
      true,
    );
  }

  /**
   * Replays a manifest on a document image in the worker (import). Mask PNG bytes (by the path
   * the steps name) are transferred and decoded there; every pixel step's image comes back as
   * a bitmap made there, its pixels kept under its `pixelsId`, so the page copies nothing.
   */
  replay(
    source: KeptImage,
    manifest: Manifest,
    masks: Record<string, Uint8Array>,
    opts: ReplayOptions = {},
  ): Promise<JobResult<ReplayedStepResult[]>> {
    return this.job(async (api, id, progress) => {
      const image = (await this.jobImage(api, source)) as KeptRef;
      const buffers = new Set(
        Object.values(masks)
          .map((m) => m.buffer)
          .filter((b): b is ArrayBuffer => b instanceof ArrayBuffer),
      );
      const onStep = opts.onStep && Comlink.proxy(opts.onStep);
      return api.replay(id, image, manifest, Comlink.transfer(masks, [...buffers]), progress, onStep);
    }, opts);
  }

  /**
   * Shows a history image again that the page dropped (editor/history-memory.ts): kept in the
   * worker (memory or its stash on disk), else rebuilt from the first route whose base the
   * worker holds, else from the first whose base the page can hand over, by pasting the route's
   * crops in order. Crops are copied (the page's history keeps them).
   */
  rebuild(
    target: string,
    routes: readonly RebuildRoute[],
    opts: JobOptions = {},
  ): Promise<JobResult<{ image: ShownImage; from: RebuiltFrom }>> {
    return this.job(
      async (api, id, progress) => {
        if (await api.hasPixels(target)) return api.rebuild(id, target, null, [], progress);
        for (const r of routes)
          if (await api.hasPixels(r.base.pixelsId)) return api.rebuild(id, target, r.base.pixelsId, r.crops, progress);
        const route = routes.find((r) => r.canHandOver);
        if (!route) throw new Error('This history step can no longer be rebuilt: no image it was made from is held.');
        const base = (await this.jobImage(api, route.base)) as KeptRef;
        return api.rebuild(id, target, base.pixelsId, route.crops, progress);
      },
      opts,
      true,
    );
  }

  /** Test hook: the worker dies at the start of the next job, as an out-of-memory kill would. */
  async crashWorkerForTest(): Promise<void> {
    const host = await this.liveHost();
    await host.api.crashForTest();
  }

  /** Ends the worker now (e.g. on page hide). */
  dispose(): void {
    this.stopWorker();
  }

  // ---- machinery ----

  /** Queues a job; it runs when every earlier job has settled. */
  protected job<T>(call: Call<T>, opts: JobOptions = {}, retryable = false): Promise<T> {
    const start = (): Promise<T> => {
      opts.signal?.throwIfAborted();
      const jobId = `job-${++jobSerial}`;
      let settleCaller!: { resolve(v: T): void; reject(e: unknown): void };
      const forCaller = new Promise<T>((resolve, reject) => (settleCaller = { resolve, reject }));
      const retry = retryable ? () => this.job(call, { ...opts, signal: opts.signal?.aborted ? undefined : opts.signal }, true) : undefined;
      let cancelled = false;
      const inQueue = this.enqueue(async () => {
        if (cancelled) return;
        let host: WorkerHost;
        try {
          host = await this.liveHost();
        } catch (e) {
          return settleCaller.reject(toJobError(e, retry));
        }
        const onCancel = () => void host.api.cancel(jobId).catch(() => undefined);
        opts.signal?.addEventListener('abort', onCancel, { once: true });
        const unwatch = host.watch();
        const progress = opts.onProgress ? Comlink.proxy(opts.onProgress) : undefined;
        const work = Promise.resolve().then(() => call(host.api, jobId, progress));
        // After a cancel the worker gets hardCancelMs to stop, else it is replaced.
        const cancelDeadline = new Promise<'hung'>((resolve) => {
          opts.signal?.addEventListener('abort', () => setTimeout(() => resolve('hung'), this.hardCancelMs), { once: true });
        });
        try {
          const outcome = await Promise.race([
            work.then(
              (v) => ({ ok: true as const, v }),
              (e: unknown) => ({ ok: false as const, e }),
            ),
            host.dead.then((reason) => ({ died: reason })),
            cancelDeadline,
          ]);
          if (outcome === 'hung') {
            this.restart(host, 'a cancelled job did not stop in time');
          } else if ('died' in outcome) {
            this.restart(host, outcome.died);
            settleCaller.reject(new JobError('crashed', CRASH_MESSAGE, retry));
          } else if (outcome.ok) {
            settleCaller.resolve(outcome.v);
          } else {
            const poisoned = poisonedWorker(outcome.e);
            if (poisoned) this.restart(host, poisoned);
            settleCaller.reject(toJobError(outcome.e, retry));
          }
        } finally {
          unwatch();
          opts.signal?.removeEventListener('abort', onCancel);
        }
      });
      opts.signal?.addEventListener(
        'abort',
        () => {
          cancelled = true;
          settleCaller.reject(new JobError('cancelled', 'The job was cancelled.'));
        },
        { once: true },
      );
      void inQueue;
      return forCaller;
    };
    try {
      return start();
    } catch (e) {
      return Promise.reject(toJobError(e));
    }
  }

  /** A job's image as the worker takes it: a kept image by id (handed over first when this worker lacks it), or the pixels, transferred. */
  private async jobImage(api: Comlink.Remote<PipelineApi>, image: Input<RgbaImage> | KeptImage): Promise<RgbaImage | KeptRef> {
    if (isKept(image)) {
      if (!(await api.hasPixels(image.pixelsId))) {
        const handover = await image.handover();
        await api.takePixels(image.pixelsId, 'bitmap' in handover ? Comlink.transfer(handover, [handover.bitmap]) : handover);
      }
      return { pixelsId: image.pixelsId };
    }
    const img = typeof image === 'function' ? image() : image;
    return Comlink.transfer(img, [img.data.buffer as ArrayBuffer]);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.pending++;
    clearTimeout(this.idleTimer);
    const run = this.queue.then(task);
    this.queue = run
      .catch(() => undefined)
      .finally(() => {
        if (--this.pending === 0) this.idleTimer = setTimeout(() => this.stopWorker(), this.idleMs);
      });
    return run;
  }

  private async liveHost(): Promise<WorkerHost> {
    if (!this.host?.alive) {
      // Models land in Cache Storage during jobs: ask once that the browser keep them.
      this.persistAsked ??= this.persistStorage().catch(() => false);
      this.host = new WorkerHost(this.settings, { pingTimeoutMs: this.pingTimeoutMs, createWorker: this.opts.createWorker });
      const host = this.host;
      void host.dead.then((reason) => {
        if (this.host === host) this.restart(host, reason);
      });
      // A fresh worker reads back what earlier ones kept (see opfs-stash.ts): no handover needed.
      const namespace = pageStashNamespace();
      this.hostReady = host.ready.then(async () => {
        this.diskStash = namespace ? await host.api.openStash(namespace) : false;
      });
    }
    const host = this.host;
    await Promise.race([this.hostReady, host.dead.then((r) => Promise.reject(new JobError('crashed', `${CRASH_MESSAGE} (${r})`)))]);
    return host;
  }

  /** Drops a dead or hung worker; the next job starts a fresh one. */
  private restart(host: WorkerHost, reason: string): void {
    host.terminate();
    if (this.host !== host) return;
    this.host = undefined;
    for (const l of this.listeners) l({ type: 'restarted', reason });
  }

  private stopWorker(): void {
    this.host?.terminate();
    this.host = undefined;
  }
}
