// Replaying a manifest into the editor: the runner executes the steps (on the worker ops),
// each step's result is kept, and only when every step has run does the document open with
// one undoable history entry per step. A failure anywhere leaves the open document untouched.
import type { Manifest, Run, Step } from '../core/manifest/index.ts';
import type { Mask, RgbaImage, ScoredBox } from '../core/types.ts';
import type { OpContext } from '../ops/context.ts';
import { runManifest, type StepOps } from '../ops/runner.ts';
import type { DocumentImage, Edit, ManifestStep } from './edits.ts';
import { textBoxStrokes } from './flows/text.ts';
import type { PixelIO } from './pixels.ts';
import type { SourceFile } from './slices/document.ts';
import { scaleStep } from './step-pixels.ts';
import type { EditorStore } from './store.ts';

/** One executed step: the image after it (pixel ops), the boxes it found (detect_text), how it ran. */
export interface ReplayedStep {
  step: Step;
  run: Run;
  image?: DocumentImage;
  boxes?: ScoredBox[];
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

/** Runs every step; each step's output image is turned into a displayable image as it lands. */
export async function replaySteps(req: ReplayRequest): Promise<ReplayedStep[]> {
  let current = -1;
  const outputs = new Map<number, { image?: DocumentImage; boxes?: ScoredBox[] }>();
  const capture = <A extends unknown[], R extends { image?: RgbaImage; boxes?: ScoredBox[] }>(op: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const out = await op(...args);
      outputs.set(current, { image: out.image && (await req.pixels.write(out.image)), boxes: out.boxes });
      return out;
    };
  const ops: StepOps = {
    detect_text: capture(req.ops.detect_text),
    remove_text: capture(req.ops.remove_text),
    inpaint: capture(req.ops.inpaint),
    upscale: capture(req.ops.upscale),
  };
  try {
    const { runs } = await runManifest(req.source, req.manifest, {
      ops, loadMask: req.loadMask, ctx: req.ctx,
      onStep: (index, step) => { current = index; req.onStep?.(index, step); },
    });
    return req.manifest.steps.map((step, i) => ({ step, run: runs[i], ...outputs.get(i) }));
  } catch (e) {
    for (const o of outputs.values()) (o.image?.source as { close?: () => void } | undefined)?.close?.();
    throw e;
  }
}

/**
 * The history entry a replayed step becomes: pixel steps replace the image (the step in the
 * pixels of the image it ran on, as the editor records it); detect_text masks its boxes.
 */
export function replayEdit(r: ReplayedStep, before: DocumentImage, sourceWidth: number): Edit {
  if (r.step.op === 'detect_text' || !r.image) {
    return { kind: 'mask', label: 'Detect text', strokes: textBoxStrokes(r.boxes ?? [], before.width, before.height) };
  }
  const { step: _s, op: _o, ...run } = r.run;
  return { kind: 'replace-pixels', step: scaleStep(r.step as ManifestStep, before.width / sourceWidth), before, after: r.image, run };
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
