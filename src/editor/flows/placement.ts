// Where an operation runs: in this browser's worker, or as one whole job on the cleanplate
// server that served the page. "Server (whole jobs)" sends every job that can go; Auto sends
// only heavy ones (an output over 16 MP, e.g. a large upscale, or a photo over 24 MP), where a
// native runtime pays for the transfer; the other choices keep jobs here. A job the server did
// not take (offline, unreachable, a token asked, its limits) runs here, with a plain notice.
import type { Run, Step } from '../../ops/manifest.ts';
import type { BackendChoice, JobResult, KeptImage, ServerJobResult } from '../../worker/client.ts';
import type { StepRun } from '../edits.ts';
import type { EditorStore } from '../store.ts';
import { runJob, seconds, type JobOptions } from './run-job.ts';

/** Auto sends a job that enlarges the image (an upscale) to more pixels than this... */
export const HEAVY_OUTPUT_PIXELS = 16_000_000;
/** ...or any job on a photo of more pixels than this. */
export const HEAVY_INPUT_PIXELS = 24_000_000;

export type Placement = 'browser' | 'server';

/** Where a job of this size goes under the Runtime choice. */
export function placeJob(choice: BackendChoice, inputPixels: number, outputPixels = inputPixels): Placement {
  if (choice === 'server-jobs') return 'server';
  if (choice !== 'auto') return 'browser';
  const enlarges = outputPixels > inputPixels;
  return (enlarges && outputPixels > HEAVY_OUTPUT_PIXELS) || inputPixels > HEAVY_INPUT_PIXELS ? 'server' : 'browser';
}

/** The part of the worker client a server job needs. */
export interface ServerJobClient {
  runOnServer(image: KeptImage, steps: Step[], opts?: JobOptions): Promise<JobResult<ServerJobResult>>;
}

/**
 * Runs `steps` as one server job with the store's progress and Cancel. Answers the result; null
 * when it failed or was cancelled (runJob said so); 'browser' when the server did not take it:
 * a notice says why, and the caller runs the job here.
 */
export async function runOnServer(
  store: EditorStore,
  client: ServerJobClient,
  image: KeptImage,
  steps: Step[],
  label: string,
  retry: () => void,
): Promise<JobResult<ServerJobResult> | 'browser' | null> {
  let unavailable: string | undefined;
  const result = await runJob(
    store,
    label,
    async (opts) => {
      try {
        return await client.runOnServer(image, steps, opts);
      } catch (e) {
        if ((e as { kind?: string }).kind !== 'server-unavailable') throw e;
        unavailable = (e as Error).message;
        return null;
      }
    },
    retry,
  );
  if (unavailable !== undefined) {
    store.getState().notify(
      'warning', // stays: the result notice that follows must not replace it
      `${label} runs in this browser: ${unavailable}.`,
      'Jobs go to the server only when the cleanplate server that serves this page takes them (Runtime: Auto for heavy jobs, or Server (whole jobs)).',
    );
    return 'browser';
  }
  return result;
}

/** "on the server (job), 3.2 s" */
export const serverLine = (ms: number) => `on the server (job), ${seconds(ms)}`;

/** A server run as the history records it (the manifest's run less its numbering). */
export function stepRun(run: Run | undefined, ms: number): StepRun {
  if (!run) return { backend: 'cpu', ms };
  const { step: _step, op: _op, ...rest } = run;
  return rest;
}
