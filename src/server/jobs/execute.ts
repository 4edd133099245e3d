// The one place a job's manifest is executed, inside a worker process: the CLI's own pipeline
// (applyToFile on the Node host), so a job's result is byte for byte what `cleanplate apply`
// gives for the same source and manifest. Dispatching from the operation table, once it
// exists, changes this file only.
import sharp from 'sharp';
import type { ExecutedManifest, Manifest, Step } from '../../core/manifest/index.ts';
import type { ProgressFn } from '../../core/types.ts';
import { applyToFile } from '../../cli/apply.ts';
import { createNodeHost, type NodeHost } from '../../cli/host.ts';
import { resolveMaskPath } from '../../cli/manifest-io.ts';
import { readMask } from '../../cli/mask-io.ts';
import { createNodePort } from '../../runtime/ort-node.ts';

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

let host: Promise<NodeHost> | undefined;

/** Threads per worker: the machine's cores shared among the worker processes, not each taking them all. */
export function configureThreads(threads: number): void {
  sharp.concurrency(threads);
  host = createNodeHost().then((h) => ({ ...h, ctx: { ...h.ctx, port: createNodePort({ intraOpNumThreads: threads }) } }));
}

export async function executeJob(run: JobRun): Promise<ExecutedManifest> {
  host ??= createNodeHost();
  const h = await host;
  const { executed } = await applyToFile(
    { ...h, ctx: { ...h.ctx, onProgress: run.onProgress } },
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
