// Import's replay as jobs on the server that serves the page (Runtime: Server (whole jobs), or
// Auto for a heavy manifest): one server job per step, so each step stays one undoable entry as
// in a local import. The source goes once (by sha256); every result stays on the server as the
// next step's source, so nothing is sent again. A step runs on the image before it, so its
// coordinates are taken into that image's pixels (as the runner does) and its run back into
// source pixels. Manifests that read mask files replay in the browser (the editor keeps the
// decoded mask for re-export, which only the local replay gives).
import { carriesOutcome, type Manifest, type Run, type Step } from '../ops/manifest.ts';
import type { Box } from '../core/types.ts';
import type { ManifestStep } from './edits.ts';
import { placeJob, type Placement, type ServerJobClient } from './flows/placement.ts';
import { releaseSteps, type ReplayedStep, type ReplayRequest } from './replay.ts';
import type { BackendChoice } from './runtime-choice.ts';
import { runInSource, toImageStep } from './step-pixels.ts';

/** The image size after every step of `manifest` (upscales multiply it). */
function outputPixels(manifest: Manifest, pixels: number): number {
  return manifest.steps.reduce((n, s) => (s.op === 'upscale' ? n * s.scale * s.scale : n), pixels);
}

/** Where an import's replay runs. */
export function placeReplay(choice: BackendChoice, manifest: Manifest, width: number, height: number): Placement {
  if (manifest.steps.some((s) => s.op === 'inpaint' && s.mask)) return 'browser';
  return placeJob(choice, width * height, outputPixels(manifest, width * height));
}

/** Runs every step as a server job; rejects (naming the step) when one fails or the job is cancelled. */
export async function replayStepsOnServer(req: Omit<ReplayRequest, 'client'> & { client: ServerJobClient }): Promise<ReplayedStep[]> {
  const { source, manifest, client, pixels, signal, onProgress, onStep } = req;
  const out: ReplayedStep[] = [];
  let image = source;
  try {
    for (const [i, step] of manifest.steps.entries()) {
      onStep?.(i, step);
      if (carriesOutcome(step)) {
        // Runs nothing (a detect_text step with the accepted boxes): its recorded run stays.
        const recorded = manifest.result?.runs.find((r) => r.step === i && r.op === step.op);
        out.push({ step, run: recorded ?? { step: i, op: step.op, ms: 0 } });
        continue;
      }
      const k = image.width / source.width;
      const inImage = toImageStep(step as ManifestStep, k) as Step;
      let sent;
      try {
        sent = await client.runOnServer(pixels.forJob(image), [inImage], { signal, onProgress });
      } catch (e) {
        if ((e as { kind?: string }).kind === 'server-unavailable' && i > 0)
          throw new Error(`step ${i} (${step.op}): ${(e as Error).message}`);
        if ((e as { kind?: string }).kind === 'failed') throw new Error(`step ${i} (${step.op}): ${(e as Error).message}`);
        throw e;
      }
      const { runs, image: shown } = sent.value;
      const run: Run = { ...runInSource(runs[0] ?? { step: 0, op: step.op, ms: sent.report.ms }, k), step: i };
      if (step.op === 'detect_text') {
        shown.bitmap.close(); // detection leaves the pixels as they were
        // Found boxes go back in the pixels of the image they were found on (as the worker's replay gives them).
        const boxes = (runs[0]?.boxes ?? []).map((b) => ({ box: [b[0], b[1], b[2], b[3]] as Box, score: b[4] ?? 1 }));
        out.push({ step, run, boxes });
        continue;
      }
      image = pixels.fromJob(shown, image);
      out.push({ step, run, image });
    }
  } catch (e) {
    releaseSteps(out);
    throw e;
  }
  return out;
}
