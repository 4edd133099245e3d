// Encoding the document for download at full source resolution: the image in the source
// format or a chosen one, the mask as a greyscale PNG (white = remove), and the manifest.
import { rgbProfileOnly, withIcc } from '../core/icc.ts';
import type { Mask } from '../core/types.ts';
import type { DocumentImage } from './edits.ts';
import type { EditorDocument } from './slices/document.ts';

export type ExportFormat = 'jpeg' | 'png' | 'webp';

export const EXPORT_MIME: Record<ExportFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
const EXTENSION: Record<ExportFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

/** The export format matching the source file (PNG for sources the browser cannot encode). */
export function sourceExportFormat(doc: EditorDocument): ExportFormat {
  const f = doc.file.format;
  return f === 'jpeg' || f === 'webp' ? f : 'png';
}

export function exportNames(doc: EditorDocument, format: ExportFormat) {
  const stem = doc.file.name.replace(/\.[^.]*$/, '') || 'image';
  return { image: `${stem}.cleanplate.${EXTENSION[format]}`, mask: `${stem}.mask.png`, manifest: `${stem}.manifest.json` };
}

async function toBlob(canvas: OffscreenCanvas, type: string, quality?: number): Promise<Blob> {
  const blob = await canvas.convertToBlob({ type, quality });
  if (blob.type !== type) throw new Error(`This browser cannot write ${type}.`);
  return blob;
}

/** Encodes a document image at full resolution as an image file. */
export type ImageEncoder = (image: DocumentImage, format: ExportFormat, quality: number) => Promise<Uint8Array>;

let encoder: ImageEncoder = async (image, format, quality) =>
  new Uint8Array(await (await encodeImage(image, format, quality)).arrayBuffer());

/** The page registers the worker's encoder (off the UI thread, exact PNG alpha); this thread's canvas serves without one. */
export function setImageEncoder(next: ImageEncoder): void {
  encoder = next;
}

/** The image at full resolution on this thread's canvas; JPEG (no alpha) is flattened onto white. */
export async function encodeImage(image: DocumentImage, format: ExportFormat, quality = 0.92): Promise<Blob> {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d')!;
  if (format === 'jpeg') {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, image.width, image.height);
  }
  ctx.drawImage(image.source, 0, 0);
  return toBlob(canvas, EXPORT_MIME[format], format === 'png' ? undefined : quality);
}

/**
 * The document's image as an exported file: encoded at full resolution, with the source's ICC
 * profile carried back (the pixels hold the source's own colour values; browser encoders
 * write no profile).
 */
export async function exportImage(doc: EditorDocument, format: ExportFormat, quality = 0.92): Promise<Uint8Array> {
  const encoded = await encoder(doc.image, format, quality);
  // Never a CMYK or grey profile on RGB pixels (documents opened before that rule may hold one).
  const icc = rgbProfileOnly(doc.file.icc);
  return icc ? withIcc(encoded, format, icc) : encoded;
}

/** The mask as an opaque greyscale PNG at full resolution. */
export async function encodeMask(mask: Mask): Promise<Blob> {
  const canvas = new OffscreenCanvas(mask.width, mask.height);
  const ctx = canvas.getContext('2d')!;
  const rows = Math.max(1, Math.floor((1 << 22) / mask.width)); // bounded temporary RGBA
  for (let y0 = 0; y0 < mask.height; y0 += rows) {
    const h = Math.min(rows, mask.height - y0);
    const rgba = new ImageData(mask.width, h);
    const src = mask.data.subarray(y0 * mask.width, (y0 + h) * mask.width);
    for (let i = 0; i < src.length; i++) {
      const v = src[i];
      rgba.data[4 * i] = v;
      rgba.data[4 * i + 1] = v;
      rgba.data[4 * i + 2] = v;
      rgba.data[4 * i + 3] = 255;
    }
    ctx.putImageData(rgba, 0, y0);
  }
  return toBlob(canvas, 'image/png');
}
