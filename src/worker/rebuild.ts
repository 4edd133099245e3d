// Rebuilding a history image the page dropped to stay within its memory budget: from a
// neighbour the worker holds (or the page hands over), by pasting the crops of the patches
// between them (core/pixel-patch.ts). The result is kept under the page's id for that image,
// so a later undo finds it in memory or in the stash on disk.
import { pastePixels } from '../core/pixel-patch.ts';
import type { ProgressFn } from '../core/types.ts';
import { keptImage, showKept, showResult, whereKept } from './kept-pixels.ts';
import type { PatchCrop, RebuiltFrom, ShownImage } from './protocol.ts';

/** The image `target` as the page shows it: already kept (memory or disk), or made from `base` with `crops` pasted in order. */
export async function rebuildImage(
  target: string,
  base: string | null,
  crops: readonly PatchCrop[],
  onProgress?: ProgressFn,
): Promise<{ image: ShownImage; from: RebuiltFrom }> {
  const where = await whereKept(target);
  if (where) return { image: await showKept(target), from: where };
  if (base === null) throw new Error('No neighbouring image to rebuild this history step from.');
  const from = keptImage(base);
  const image = { width: from.width, height: from.height, data: from.data.slice() };
  crops.forEach((c, i) => {
    pastePixels(image, c.box, c.pixels);
    onProgress?.({ stage: 'rebuild', fraction: (i + 1) / (crops.length + 1) });
  });
  return { image: await showResult(image, target, false), from: 'patches' };
}
