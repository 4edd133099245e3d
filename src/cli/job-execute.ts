// The one place a job server's job is executed, inside a job worker process: the CLI's own pipeline
// (applyToFile: decode, checks, the op table through the manifest runner on the Node host,
// encode), so a job's result is byte for byte what `cleanplate apply` gives for the same
// source and manifest.
import sharp from 'sharp';
import type { ProgressFn } from '../core/types.ts';
import { createNodeHost } from '../node/host.ts';
import type { ExecutedManifest, Manifest, Step } from '../ops/manifest.ts';
import { applyToFile } from './apply.ts';
import { resolveMaskPath } from './manifest-io.ts';
import { readMask } from './mask-io.ts';

export interface JobRun {
  manifest: Manifest;
  /** The source image's path (its name is recorded in the executed manifest). */
  input: string;
  /** Mask paths in the manifest are relative to this folder and may not leave it. */
  maskFolder: string;
  /** Where the result goes; `<out>.manifest.json` receives the executed manifest. */
  out: string;
  onStep(index: number, step: Step): void;
  onProgress: ProgressFn;
}

let threads: number | undefined;

/** Threads per worker: the machine's cores shared among the worker processes, not each taking them all. */
export function configureThreads(n: number): void {
  threads = n;
  sharp.concurrency(n);
}

let port: ReturnType<typeof createNodeHost>['ctx']['port'];

export async function executeJob(run: JobRun): Promise<ExecutedManifest> {
  const host = createNodeHost({
    onProgress: run.onProgress,
    ...(threads ? { intraOpNumThreads: threads } : {}),
    ...(port ? { port } : {}),
  });
  // One inference port per worker process: model sessions stay loaded between jobs.
  port ??= host.ctx.port;
  const { executed } = await applyToFile(
    { ...host, endProgress: () => {} },
    {
      manifest: run.manifest,
      input: run.input,
      out: run.out,
      onStep: run.onStep,
      loadMask: async (path) => readMask(await resolveMaskPath(run.maskFolder, path)),
    },
  );
  return executed;
}
