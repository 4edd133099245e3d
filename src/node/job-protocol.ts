// Messages between the job server's supervisor (src/server/jobs/worker-pool.ts) and a job
// worker process (src/cli/job-worker.ts), over the fork IPC channel.
import type { ExecutedManifest, Manifest } from '../ops/manifest.ts';

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
