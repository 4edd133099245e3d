// The pictures of the review queue, made with sharp and kept beside the job (review-cache/,
// named by the attempt, so a sent-back job's new result gets new ones): thumbnails of the
// source and result, and the heatmap of the pixels the job changed (core/change-heatmap.ts),
// at the size the page shows them.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { changeHeatmap } from '../../core/change-heatmap.ts';
import { writeFileDurably } from '../jobs/file-store.ts';
import type { JobQueue, JobRecord } from '../jobs/types.ts';

/** Widths the page may ask for (others are rounded up to one of these, so the cache stays small). */
export const WIDTHS = [160, 320, 640, 1280, 2048] as const;

export const pickWidth = (asked: number) => WIDTHS.find((w) => w >= asked) ?? WIDTHS.at(-1)!;

function cachePath(queue: JobQueue, job: JobRecord, name: string): string {
  const dir = join(queue.files(job.id).folder, 'review-cache');
  mkdirSync(dir, { recursive: true });
  return join(dir, `a${job.attempts.length}-${name}`);
}

async function cached(path: string, make: () => Promise<Buffer>): Promise<Buffer> {
  if (existsSync(path)) return readFileSync(path);
  const bytes = await make();
  writeFileDurably(path, bytes, false);
  return bytes;
}

/** An upright WebP of the image at most `width` wide (never enlarged). */
export function thumbnail(queue: JobQueue, job: JobRecord, which: 'source' | 'result', file: string, width: number): Promise<Buffer> {
  return cached(cachePath(queue, job, `${which}-${width}.webp`), () =>
    sharp(file, { limitInputPixels: false }).rotate().resize({ width, withoutEnlargement: true }).webp({ quality: 82 }).toBuffer(),
  );
}

/**
 * A PNG heatmap of what changed from source to result, as wide as the source's thumbnail at
 * `width` (the result is scaled to the source's size when a step changed it, e.g. an upscale).
 * Answers the PNG and the share of pixels changed.
 */
export async function changeMap(
  queue: JobQueue,
  job: JobRecord,
  source: string,
  result: string,
  width: number,
): Promise<{ png: Buffer; changedShare: number }> {
  const meta = cachePath(queue, job, `diff-${width}.json`);
  const png = await cached(cachePath(queue, job, `diff-${width}.png`), async () => {
    const before = await sharp(source, { limitInputPixels: false })
      .rotate()
      .resize({ width, withoutEnlargement: true })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const { width: w, height: h } = before.info;
    const after = await sharp(result, { limitInputPixels: false })
      .rotate()
      .resize({ width: w, height: h, fit: 'fill' })
      .ensureAlpha()
      .raw()
      .toBuffer();
    const map = changeHeatmap(before.data, after, w, h);
    writeFileDurably(meta, JSON.stringify({ changedShare: map.changed / (w * h) }), false);
    return sharp(Buffer.from(map.rgba.buffer), { raw: { width: w, height: h, channels: 4 } })
      .png({ compressionLevel: 6 })
      .toBuffer();
  });
  const changedShare = existsSync(meta) ? (JSON.parse(readFileSync(meta, 'utf8')) as { changedShare: number }).changedShare : 0;
  return { png, changedShare };
}
