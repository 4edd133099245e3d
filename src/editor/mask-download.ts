// What "Download mask" writes. Remove empties the mask it used, so with nothing brushed since,
// the mask the last removal filled is offered instead (at the size of the image it ran on);
// otherwise the button is disabled with the reason, never an all-black file.
import { rasteriseStrokes } from '../core/strokes.ts';
import type { Mask, Stroke } from '../core/types.ts';
import { liveStrokes, type Edit } from './edits.ts';

export type MaskDownload = { ok: true; mask: Mask; what: 'current' | 'last-remove' } | { ok: false; reason: string };

/** The mask to download given the live mask and the applied edits. */
export function maskDownload(mask: Mask | null, done: readonly Edit[]): MaskDownload {
  if (mask && liveStrokes(done).length > 0 && mask.data.some((v) => v !== 0)) return { ok: true, mask, what: 'current' };
  const last = done.findLast((e) => e.kind !== 'mask');
  const brushedSince = done.at(-1) !== last;
  if (last?.kind === 'replace-pixels' && last.step.op === 'inpaint' && !brushedSince) {
    if (last.mask) return { ok: true, mask: last.mask, what: 'last-remove' };
    const strokes = last.step.strokes as Stroke[] | undefined;
    if (strokes?.length) return { ok: true, mask: rasteriseStrokes(last.before.width, last.before.height, strokes), what: 'last-remove' };
  }
  return { ok: false, reason: 'The mask is empty: brush over what should go first.' };
}
