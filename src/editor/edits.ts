// What the history records: plain data, one entry per user gesture (design.md 6.5).
// Undoable: strokes, clearing the mask, and replacing the image pixels (an operation's
// result). Not undoable: viewport, tool settings, progress.
import type { Box, Mask, Stroke } from '../core/types.ts';
import { rasteriseStroke } from '../core/strokes.ts';

/** The pixels shown and exported; a later result replaces it as a 'replace-pixels' edit. */
export interface DocumentImage {
  width: number;
  height: number;
  /** Anything a 2D canvas can draw (ImageBitmap, canvas...), full resolution, upright. */
  source: CanvasImageSource;
}

export type Edit =
  | { kind: 'stroke'; stroke: Stroke }
  | { kind: 'clear-mask' }
  /** An operation's result: `after` replaced `before`; the mask is cleared with it. */
  | { kind: 'replace-pixels'; op: string; before: DocumentImage; after: DocumentImage };

/** Strokes that make up the mask after the given edits: those after the last clear or result. */
export function liveStrokes(done: readonly Edit[]): Stroke[] {
  const out: Stroke[] = [];
  for (const e of done) {
    if (e.kind === 'stroke') out.push(e.stroke);
    else out.length = 0;
  }
  return out;
}

/** Recomputes the mask inside `box` from the strokes (zero, then replay clipped to the box). */
export function redrawMask(mask: Mask, strokes: readonly Stroke[], box: Box): void {
  for (let y = box[1]; y < box[3]; y++) mask.data.fill(0, y * mask.width + box[0], y * mask.width + box[2]);
  for (const s of strokes) rasteriseStroke(mask, s, box);
}
