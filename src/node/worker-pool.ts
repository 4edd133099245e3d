// Worker processes for job attempts (the embedded job server's, and each `cleanplate worker`'s): each runs one attempt at a time (src/cli/job-worker.ts), with a
// JS heap limit, and is killed when its attempt times out or is cancelled. A process that dies
// takes its attempt with it, never the server; the next attempt gets a fresh process. Idle
// processes stay, so their model sessions stay loaded.
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { withMallocTunables } from '../../bin/malloc.js';
import type { ExecutedManifest } from '../ops/manifest.ts';
import type { AttemptOutcome, ParentMessage, WorkerMessage } from './job-protocol.ts';
import { publicMessage } from './public-message.ts';
import { THREADS_VARIABLE } from './threads.ts';

// The worker is a program of its own (the CLI's pipeline), started as a process, not imported.
// Named from the project root: this file also runs from the CLI bundle (dist-cli/bin, as deep).
const WORKER = resolve(import.meta.dirname, '../../src/cli/job-worker.ts');
const TSX = pathToFileURL(resolve(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;

export type AttemptResult =
  { outcome: 'done'; executed: ExecutedManifest } | { outcome: Exclude<AttemptOutcome, 'done' | 'interrupted'>; error: string };

export interface AttemptHandlers {
  onStep(index: number, op: string): void;
  onProgress(stage: string, fraction: number): void;
}

export interface RunningAttempt {
  pid: number;
  result: Promise<AttemptResult>;
  /** Ends the attempt now (its process is killed): the result says 'cancelled'. */
  cancel(): void;
}

interface Worker {
  child: ChildProcess;
  ready: Promise<boolean>;
  busy: boolean;
  /** The last lines the process wrote to stderr (a crash's reason). */
  stderr: string;
}

export interface PoolOptions {
  size: number;
  memoryMb: number;
  /** onnxruntime and libvips threads per process. */
  threads: number;
}

const OOM = /heap out of memory|Allocation failed|std::bad_alloc|Cannot allocate memory|out of memory/i;

export class WorkerPool {
  private readonly workers = new Set<Worker>();

  constructor(private readonly options: PoolOptions) {}

  private spawn(): Worker {
    const child = fork(WORKER, [], {
      execArgv: ['--import', TSX, `--max-old-space-size=${this.options.memoryMb}`],
      // glibc's malloc keeps freed memory for the next attempt (bin/malloc.js).
      env: withMallocTunables({ ...process.env, [THREADS_VARIABLE]: String(this.options.threads) }),
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const worker: Worker = {
      child,
      busy: false,
      stderr: '',
      ready: new Promise((ready) => {
        child.once('message', (m: WorkerMessage) => ready(m.type === 'ready'));
        child.once('exit', () => ready(false));
      }),
    };
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (worker.stderr = (worker.stderr + d).slice(-4000)));
    child.once('exit', () => this.workers.delete(worker));
    child.on('error', () => this.workers.delete(worker));
    this.workers.add(worker);
    return worker;
  }

  /** Starts an attempt on an idle process (a new one when none is idle). */
  run(task: ParentMessage, timeoutMs: number, handlers: AttemptHandlers): RunningAttempt {
    const worker = [...this.workers].find((w) => !w.busy && w.child.exitCode === null && !w.child.killed) ?? this.spawn();
    worker.busy = true;
    const { child } = worker;
    let ended: AttemptResult['outcome'] | undefined;
    const kill = (why: 'timeout' | 'cancelled') => {
      ended ??= why;
      child.kill('SIGKILL');
    };
    const result = new Promise<AttemptResult>((resolveResult) => {
      let settled = false;
      const settle = (r: AttemptResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        worker.busy = false;
        resolveResult(r);
      };
      const onMessage = (m: WorkerMessage) => {
        if (m.type === 'step') handlers.onStep(m.index, m.op);
        else if (m.type === 'progress') handlers.onProgress(m.stage, m.fraction);
        else if (m.type === 'done') settle({ outcome: 'done', executed: m.executed });
        else if (m.type === 'error') settle({ outcome: m.kind, error: publicMessage(m.message) });
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        if (ended === 'timeout') return settle({ outcome: 'timeout', error: `timed out after ${Math.round(timeoutMs / 1000)} s` });
        if (ended === 'cancelled') return settle({ outcome: 'cancelled', error: 'cancelled' });
        // Give the stderr pipe its last lines before reading why the process died.
        setImmediate(() => {
          const how = signal ? `killed by ${signal}` : `exit code ${code}`;
          if (OOM.test(worker.stderr)) settle({ outcome: 'out_of_memory', error: `the worker ran out of memory (${how})` });
          else settle({ outcome: 'crashed', error: `the worker process ended (${how})` });
        });
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      // The limit counts from now: a process that hangs while starting times out too.
      const timer = setTimeout(() => kill('timeout'), timeoutMs);
      void worker.ready.then((ok) => {
        if (ok && !settled) child.send(task);
      });
    });
    return { pid: child.pid ?? 0, result, cancel: () => kill('cancelled') };
  }

  async close(): Promise<void> {
    const exits = [...this.workers].map(
      (w) => new Promise<void>((done) => (w.child.exitCode !== null ? done() : w.child.once('exit', () => done()))),
    );
    for (const w of this.workers) w.child.kill('SIGKILL');
    await Promise.all(exits);
  }
}
