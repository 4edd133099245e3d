// Replaying a manifest into the editor: the runner executes the steps (on the worker ops),
// each step's result is kept, and only when every step has run does the document open with
// one undoable history entry per step. A failure anywhere leaves the open document untouched.
import type { Manifest, Run, Step } from '../core/manifest/index.ts';
import type { Box, Mask, RgbaImage, ScoredBox } from '../core/types.ts';
import type { OpContext } from '../ops/context.ts';
import { runManifest, type StepOps } from '../ops/runner.ts';
import type { DocumentImage, Edit, ManifestStep } from './edits.ts';
import { textBoxStrokes } from './flows/text.ts';
import type { PixelIO } from './pixels.ts';
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

export interface ReplayRequest {
  source: RgbaImage;
  manifest: Manifest;
  ops: StepOps;
  pixels: PixelIO;
  loadMask?: (path: string) => Promise<Mask>;
  ctx?: OpContext;
  onStep?: (index: number, step: Step) => void;
}

/**
 * How a step ran. A detect_text step with accepted boxes runs nothing on replay, so it keeps
 * the run its manifest recorded (the detector, its sha256, backend and time), when there is one.
 */
function runOf(manifest: Manifest, index: number, replayed: Run): Run {
  const step = manifest.steps[index];
  const recorded = step.op === 'detect_text' && step.boxes ? manifest.result?.runs.find((r) => r.step === index && r.op === step.op) : undefined;
  return recorded ?? replayed;
}

/** Runs every step; each step's output image is turned into a displayable image as it lands. */
export async function replaySteps(req: ReplayRequest): Promise<ReplayedStep[]> {
  let current = -1;
  const outputs = new Map<number, { image?: DocumentImage; boxes?: ScoredBox[]; mask?: Mask }>();
  const capture = <A extends unknown[], R extends { image?: RgbaImage; boxes?: ScoredBox[] }>(op: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const out = await op(...args);
      outputs.set(current, { ...outputs.get(current), image: out.image && (await req.pixels.write(out.image)), boxes: out.boxes });
      return out;
    };
  const ops: StepOps = {
    detect_text: capture(req.ops.detect_text),
    remove_text: capture(req.ops.remove_text),
    inpaint: capture(req.ops.inpaint),
    upscale: capture(req.ops.upscale),
  };
  const { loadMask } = req;
  const keepMask = loadMask && (async (path: string) => {
    const mask = await loadMask(path);
    outputs.set(current, { mask });
    return mask;
  });
  try {
    const { runs } = await runManifest(req.source, req.manifest, {
      ops, loadMask: keepMask, ctx: req.ctx,
      onStep: (index, step) => { current = index; req.onStep?.(index, step); },
    });
    return req.manifest.steps.map((step, i) => ({ step, run: runOf(req.manifest, i, runs[i]), ...outputs.get(i) }));
  } catch (e) {
    for (const o of outputs.values()) (o.image?.source as { close?: () => void } | undefined)?.close?.();
    throw e;
  }
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

/** Opens the replayed document: the source, then one undoable entry per step. */
export function applyReplay(store: EditorStore, file: SourceFile, original: DocumentImage, steps: readonly ReplayedStep[]): void {
  store.getState().openDocument(file, original);
  let image = original;
  for (const r of steps) {
    const edit = replayEdit(r, image, file.width);
    store.getState().apply(edit);
    if (edit.kind === 'replace-pixels') image = edit.after;
  }
}
