// Messages between the job server's supervisor (src/node/worker-pool.ts) and a job
// worker process (src/cli/job-worker.ts), over the fork IPC channel.
import type { ExecutedManifest, Manifest } from '../ops/manifest.ts';

/** How an attempt ended. bad_input is never retried; the others (transient) are, within the budget. */
export type AttemptOutcome = 'done' | 'bad_input' | 'failed' | 'timeout' | 'crashed' | 'out_of_memory' | 'interrupted' | 'cancelled';

export type ParentMessage = {
  type: 'run';
  manifest: Manifest;
  input: string;
  maskFolder: string;
  out: string;
  /** The job's folder, left out of any message sent back. */
  folder: string;
};

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'step'; index: number; op: string }
  | { type: 'progress'; stage: string; fraction: number }
  | { type: 'done'; executed: ExecutedManifest }
  | { type: 'error'; kind: 'bad_input' | 'failed'; message: string };
