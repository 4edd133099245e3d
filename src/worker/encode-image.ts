// Encoding a document image as an image file in the worker, off the UI thread. PNG goes
// through the exact core encoder (a canvas would premultiply alpha and change RGB under
// partial transparency); JPEG (flattened onto white) and WebP through a canvas encoder.
import { encodePng } from '../core/png.ts';
import type { RgbaImage } from '../core/types.ts';
import { bitmapOf } from './bitmap-pixels.ts';

export type ImageFileFormat = 'jpeg' | 'png' | 'webp';

export async function encodeImageFile(image: RgbaImage, format: ImageFileFormat, quality: number): Promise<Uint8Array> {
  if (format === 'png') return encodePng(image);
  const type = `image/${format}`;
  const canvas = new OffscreenCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d')!;
  if (format === 'jpeg') {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, image.width, image.height);
  }
  const bitmap = await bitmapOf(image);
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const blob = await canvas.convertToBlob({ type, quality });
  if (blob.type !== type) throw new Error(`This browser cannot write ${type}.`);
  return new Uint8Array(await blob.arrayBuffer());
}
