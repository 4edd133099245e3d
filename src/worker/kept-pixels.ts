// The document images the worker keeps, exact, by id: every result it makes, and every image
// the page handed over. A job on a document image then needs only its id, and the page never
// copies or reads pixels (a 24 MP copy is a 100+ ms main-thread task). A fresh worker (after
// a crash or the idle timeout) holds none in memory: it reads results and bitmap handovers back
// from the stash on disk (opfs-stash.ts), and only what is not there (the opened file, whose
// handover costs the page nothing; anything the disk refused) is handed over once more.
import type { RgbaImage } from '../core/types.ts';
import { DECODE_OPTIONS, bitmapOf, readPixels } from './bitmap-pixels.ts';
import { evictBeyond, touch } from './lru.ts';
import { stash, touchStash, unstash } from './opfs-stash.ts';
import type { PixelsHandover, ShownImage } from './protocol.ts';

/** Kept pixels are dropped oldest first beyond this (two 64 MP images, or five 24 MP ones). */
const BUDGET_BYTES = 512 * 2 ** 20;

const kept = new Map<string, RgbaImage>();

/** Keeps `image` as the most recently used, dropping the oldest others beyond the budget. */
function keep(id: string, image: RgbaImage): void {
  kept.delete(id);
  kept.set(id, image);
  evictBeyond(kept, (img) => img.data.byteLength, BUDGET_BYTES, id);
}

/** Whether this worker keeps `id`: in memory, or on disk from an earlier worker of the page (read back now). */
export async function hasPixels(id: string): Promise<boolean> {
  return (await whereKept(id)) !== null;
}

/** Where `id` is: in memory, on disk (read back into memory now), or nowhere (null). */
export async function whereKept(id: string): Promise<'memory' | 'disk' | null> {
  if (kept.has(id)) return 'memory';
  const image = await unstash(id);
  if (image) keep(id, image);
  return image ? 'disk' : null;
}

/** A kept image without throwing: undefined when this worker no longer holds `id`. */
export function heldImage(id: string): RgbaImage | undefined {
  return kept.get(id);
}

/** Takes over pixels the page hands over: the opened file (decoded here, as the page did) or a bitmap copy. */
export async function takePixels(id: string, handover: PixelsHandover): Promise<void> {
  const bitmap = 'file' in handover ? await createImageBitmap(handover.file, DECODE_OPTIONS) : handover.bitmap;
  try {
    const image = readPixels(bitmap, bitmap.width, bitmap.height, handover.opaque);
    keep(id, image);
    if ('bitmap' in handover) stash(id, image); // the opened file is cheap to hand over again
  } finally {
    bitmap.close();
  }
}

/** A kept image, read only (detection). */
export function keptImage(id: string): RgbaImage {
  const image = kept.get(id);
  if (!image) throw new Error(`The worker no longer holds image ${id}; run the job again.`);
  touch(kept, id);
  touchStash(id);
  return image;
}

/** A working copy of a kept image (operations may write into their input; the kept one stays exact). */
export function keptCopy(id: string): RgbaImage {
  const image = keptImage(id);
  return { width: image.width, height: image.height, data: image.data.slice() };
}

/**
 * Keeps a result and makes the bitmap the page shows (transferred to it). `id` names a rebuilt
 * history image, which is not written to disk (`onDisk` false): its neighbours make it again,
 * and a 192 MB write would push older, costlier files out of the stash.
 */
export async function showResult(image: RgbaImage, id = `w-${crypto.randomUUID()}`, onDisk = true): Promise<ShownImage> {
  keep(id, image);
  const bitmap = await bitmapOf(image);
  if (onDisk) stash(id, image); // written in a later task: after this answer has gone out
  return { pixelsId: id, width: image.width, height: image.height, bitmap };
}

/** Keeps a result without a bitmap for the page (it shows it later, if ever, through showKept); its id. */
export function keepResult(image: RgbaImage): string {
  const id = `w-${crypto.randomUUID()}`;
  keep(id, image);
  stash(id, image);
  return id;
}

/** The bitmap of a kept image, for the page to show again (its own copy was dropped to save memory). */
export async function showKept(id: string): Promise<ShownImage> {
  const image = keptImage(id);
  return { pixelsId: id, width: image.width, height: image.height, bitmap: await bitmapOf(image) };
}
