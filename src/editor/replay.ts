// Replaying a manifest into the editor: the worker runs the steps on the document image it
// keeps (client.replay), each step's image stays there and comes back as a bitmap with its id,
// and only when every step has run does the document open with one undoable history entry per
// step. A failure anywhere leaves the open document untouched.
import { carriesOutcome, type Manifest, type Run, type Step } from '../ops/manifest.ts';
import type { Box, Mask, ScoredBox } from '../core/types.ts';
import type { JobResult, KeptImage, ReplayedStepResult, ReplayOptions } from '../worker/client.ts';
import { NO_BITMAP, type DocumentImage, type Edit, type ManifestStep } from './edits.ts';
import { textBoxStrokes } from './flows/text.ts';
import type { WorkerPixels } from './pixels.ts';
import type { SourceFile } from './slices/document.ts';
import { runInImage, toImageStep } from './step-pixels.ts';
import type { EditorStore } from './store.ts';

/** One executed step: the image after it (pixel ops), the boxes it found (detect_text), the mask file it read, how it ran. */
export interface ReplayedStep {
  step: Step;
  run: Run;
  image?: DocumentImage;
  boxes?: ScoredBox[];
  mask?: Mask;
}

/** The part of the worker client replay uses. */
export interface ReplayClient {
  replay(
    source: KeptImage,
    manifest: Manifest,
    masks: Record<string, Uint8Array>,
    opts?: ReplayOptions,
  ): Promise<JobResult<ReplayedStepResult[]>>;
}

export interface ReplayRequest extends ReplayOptions {
  /** The opened source image (the worker decodes its file itself, or already keeps it). */
  source: DocumentImage;
  manifest: Manifest;
  /** Mask PNG bytes by the path the steps name (transferred to the worker: detached here). */
  masks: Record<string, Uint8Array>;
  client: ReplayClient;
  pixels: WorkerPixels;
}

/**
 * How a step ran. A step that carries its outcome (a detect_text step with accepted boxes) runs
 * nothing on replay, so it keeps the run its manifest recorded (the detector, its sha256,
 * backend and time), when there is one.
 */
function runOf(manifest: Manifest, index: number, replayed: Run): Run {
  const step = manifest.steps[index];
  const recorded = carriesOutcome(step) ? manifest.result?.runs.find((r) => r.step === index && r.op === step.op) : undefined;
  return recorded ?? replayed;
}

/**
 * The replayed steps as the editor takes them, from what the worker returned: each pixel
 * step's image is the document image of its bitmap (it keeps the opacity of the image before).
 */
export function replayedSteps(
  manifest: Manifest,
  results: readonly ReplayedStepResult[],
  source: DocumentImage,
  pixels: Pick<WorkerPixels, 'fromJob'>,
): ReplayedStep[] {
  let image = source;
  return manifest.steps.map((step, i) => {
    const { run, image: shown, ...found } = results[i];
    if (shown?.bitmap) image = pixels.fromJob({ ...shown, bitmap: shown.bitmap }, image);
    else if (shown) image = { ...pixels.fromJob({ ...shown, bitmap: NO_BITMAP as ImageBitmap }, image), released: true };
    return { step, run: runOf(manifest, i, run), ...found, ...(shown ? { image } : {}) };
  });
}

/** Runs every step in the worker; rejects (naming the step) when one fails or the job is cancelled. */
export async function replaySteps(req: ReplayRequest): Promise<ReplayedStep[]> {
  const { source, manifest, masks, client, pixels, ...opts } = req;
  const { value } = await client.replay(pixels.forJob(source), manifest, masks, opts);
  return replayedSteps(manifest, value, source, pixels);
}

/**
 * The history entry a replayed step becomes, as the editor records the same operation: the
 * step and its run in the pixels of the image it ran on (`before`). Pixel steps replace the
 * image; detect_text masks its boxes (the accepted ones it carries, or those it found).
 */
export function replayEdit(r: ReplayedStep, before: DocumentImage, sourceWidth: number): Edit {
  const k = before.width / sourceWidth;
  const step = toImageStep(r.step as ManifestStep, k);
  const { step: _s, op: _o, ...run } = runInImage(r.run, k);
  if (r.step.op === 'detect_text') {
    const boxes = (step.boxes as Box[] | undefined)?.map((box) => ({ box })) ?? r.boxes ?? [];
    return { kind: 'mask', label: 'Text boxes', strokes: textBoxStrokes(boxes, before.width, before.height), step, run };
  }
  if (!r.image) throw new Error(`step ${r.run.step} (${r.step.op}) gave no image`);
  return { kind: 'replace-pixels', step, before, after: r.image, run, ...(r.mask ? { mask: r.mask } : {}) };
}

/**
 * Opens the replayed document: the source, then one undoable entry per step. Every entry is
 * made first, so a step that cannot become one leaves the open document as it was.
 */
export function applyReplay(store: EditorStore, file: SourceFile, original: DocumentImage, steps: readonly ReplayedStep[]): void {
  let image = original;
  const edits = steps.map((r) => {
    const edit = replayEdit(r, image, file.width);
    if (edit.kind === 'replace-pixels') image = edit.after;
    return edit;
  });
  store.getState().openDocument(file, original);
  store.getState().applyAll(edits);
}

/** Frees the bitmaps of replayed steps that will not be shown (the import failed after they came back). */
export function releaseSteps(steps: readonly ReplayedStep[]): void {
  for (const r of steps) (r.image?.source as { close?: () => void } | undefined)?.close?.();
}
