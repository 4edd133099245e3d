// What the history records: plain data, one entry per user gesture or operation result
// (design.md 6.5). Undoable: mask strokes (brushing, or boxes an operation found), clearing the
// mask, and replacing the image pixels with an operation's result. Not undoable: viewport,
// tool settings, progress.
import type { Run } from '../ops/manifest.ts';
import type { PixelPatch } from '../core/pixel-patch.ts';
import type { Box, Mask, Stroke } from '../core/types.ts';
import { rasteriseStroke, strokeBounds, unionBox } from '../core/strokes.ts';

/** The pixels shown and exported; a later result replaces it as a 'replace-pixels' edit. */
export interface DocumentImage {
  width: number;
  height: number;
  /**
   * Anything a 2D canvas can draw (ImageBitmap, canvas...), full resolution, upright. Never
   * drawn while `released`: the history swaps in a rebuilt bitmap (history-memory.ts).
   */
  source: CanvasImageSource;
  /** Set while the history has dropped `source` to stay within its memory budget. */
  released?: boolean;
  /**
   * How these pixels differ from `patch.from`, the same-size image the job that made them ran
   * on (the changed box and both crops): what lets the history drop either and rebuild it.
   */
  patch?: PixelPatch & { from: DocumentImage };
  /** The id the inference worker keeps these pixels under (results it made, images handed to it). */
  pixelsId?: string;
  /** The file these pixels were decoded from (an opened source): a worker decodes it itself. */
  file?: Blob;
  /** Every alpha is 255 (known from the file's header, or the result of an opaque source). */
  opaque?: boolean;
}

/**
 * The `source` of an image whose bitmap the page never received (an older replayed step, made
 * `released`): nothing draws it; the history rebuilds the pixels when it shows the image.
 */
export const NO_BITMAP: CanvasImageSource = Object.freeze({}) as unknown as CanvasImageSource;

/** A manifest step (design.md section 4), as recorded for an operation's result. */
export type ManifestStep = { op: string } & Record<string, unknown>;

/** How a result was made (engine, backend, time, boxes): the manifest's `result.runs` entry, less its numbering. */
export type StepRun = Omit<Run, 'step' | 'op'>;

export type Edit =
  /**
   * Strokes added to the mask: one brush, eraser or rectangle gesture, or an operation's boxes.
   * When an operation made them (accepted text boxes), `step` is what the exported manifest
   * records for it (a detect_text step), in the pixels of the image shown then.
   */
  | { kind: 'mask'; label: string; strokes: Stroke[]; step?: ManifestStep; run?: StepRun }
  | { kind: 'clear-mask' }
  /**
   * An operation's result: `after` replaced `before` (sizes may differ, e.g. upscaling). The
   * mask starts empty after it. `step` is what the exported manifest records for it, in the
   * pixels of `before`. `mask` is the mask file an imported inpaint {mask} step read, kept so
   * a re-export writes it again.
   */
  | { kind: 'replace-pixels'; step: ManifestStep; run?: StepRun; before: DocumentImage; after: DocumentImage; mask?: Mask };

/** Strokes that make up the mask after the given edits: those after the last clear or result. */
export function liveStrokes(done: readonly Edit[]): Stroke[] {
  const out: Stroke[] = [];
  for (const e of done) {
    if (e.kind === 'mask') out.push(...e.strokes);
    else out.length = 0;
  }
  return out;
}

/** The image the document shows after the given edits, starting from `original`. */
export function currentImage(original: DocumentImage, done: readonly Edit[]): DocumentImage {
  let image = original;
  for (const e of done) if (e.kind === 'replace-pixels') image = e.after;
  return image;
}

/** Box of pixels a set of strokes may touch, or null. */
export function strokesBounds(strokes: readonly Stroke[], width: number, height: number): Box | null {
  return strokes.reduce<Box | null>((box, s) => unionBox(box, strokeBounds(s, width, height)), null);
}

/** Recomputes the mask inside `box` from the strokes (zero, then replay clipped to the box). */
export function redrawMask(mask: Mask, strokes: readonly Stroke[], box: Box): void {
  for (let y = box[1]; y < box[3]; y++) mask.data.fill(0, y * mask.width + box[0], y * mask.width + box[2]);
  for (const s of strokes) rasteriseStroke(mask, s, box);
}

/** Frees an image's decoded pixels now (ImageBitmap.close) rather than at garbage collection. */
export function releaseImage(image: DocumentImage): void {
  (image.source as { close?: () => void }).close?.();
}

/** Every image a document and its history hold. */
export function imagesOf(image: DocumentImage | undefined, done: readonly Edit[], undone: readonly Edit[]): DocumentImage[] {
  const out = new Set<DocumentImage>(image ? [image] : []);
  for (const e of [...done, ...undone]) if (e.kind === 'replace-pixels') out.add(e.before).add(e.after);
  return [...out];
}
