// One live pipeline worker and the signs of its death. A worker is dead when its liveness
// Web Lock is released (it closed, crashed or was killed for memory), when it fails to load,
// or when it stops answering pings while a job runs.
import * as Comlink from 'comlink';
import type { PipelineApi } from './pipeline.worker.ts';
import type { RuntimeSettings } from './protocol.ts';

let serial = 0;

export interface WorkerHostOptions {
  /** How long a busy worker may leave a ping unanswered before it is declared dead. */
  pingTimeoutMs: number;
  createWorker?: (name: string) => Worker;
}

export class WorkerHost {
  readonly api: Comlink.Remote<PipelineApi>;
  /** Resolves with the reason when the worker dies (never for terminate()). */
  readonly dead: Promise<string>;
  readonly ready: Promise<void>;
  private declareDead!: (reason: string) => void;
  private ended = false;
  private readonly worker: Worker;
  private watchdog?: ReturnType<typeof setInterval>;

  constructor(
    settings: RuntimeSettings,
    private readonly opts: WorkerHostOptions,
  ) {
    const name = `cleanplate-pipeline-${Date.now()}-${++serial}`;
    this.worker = opts.createWorker?.(name) ?? new Worker(new URL('./pipeline.worker.ts', import.meta.url), { type: 'module', name });
    this.dead = new Promise((resolve) => (this.declareDead = resolve));
    const api = Comlink.wrap<PipelineApi>(this.worker);
    this.api = api;
    let started = false;
    this.worker.addEventListener('error', (e) => {
      if (!started) this.die(`the worker failed to start: ${e.message || 'script error'}`);
    });
    this.ready = (async () => {
      await api.configure(settings);
      await api.ready(name);
      started = true;
      // Granted only once the worker's own hold on the lock is gone, i.e. it is dead.
      void navigator.locks.request(name, async () => this.die('the worker stopped'));
    })();
    this.ready.catch((e) => this.die(`the worker failed to start: ${(e as Error).message}`));
  }

  /** While a job runs, ping the worker; an unanswered ping past the timeout means it hung. */
  watch(): () => void {
    const every = Math.max(250, this.opts.pingTimeoutMs / 4);
    let lastAnswer = performance.now();
    let inFlight = false;
    this.watchdog = setInterval(() => {
      if (performance.now() - lastAnswer > this.opts.pingTimeoutMs)
        return this.die(`the worker did not answer for ${Math.round(this.opts.pingTimeoutMs / 1000)} s`);
      if (inFlight) return;
      inFlight = true;
      void this.api.ping().then(() => {
        lastAnswer = performance.now();
        inFlight = false;
      });
    }, every);
    return () => clearInterval(this.watchdog);
  }

  get alive(): boolean {
    return !this.ended;
  }

  /** Ends the worker on purpose (idle, settings change); not reported as a death. */
  terminate(): void {
    this.ended = true;
    clearInterval(this.watchdog);
    this.worker.terminate();
  }

  private die(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.watchdog);
    this.worker.terminate();
    this.declareDead(reason);
  }
}
