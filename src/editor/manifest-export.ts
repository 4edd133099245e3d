// "Download manifest" with its `result`: the image "Download image" writes with the same format
// and quality is encoded once more to record its sha256, as the bundle's manifest records it.
import { sha256Hex } from '../core/hash.ts';
import type { Edit } from './edits.ts';
import { exportImage, exportNames, type ExportFormat } from './export.ts';
import { manifestDownload } from './manifest.ts';
import type { EditorDocument } from './slices/document.ts';

export async function manifestWithResult(doc: EditorDocument, done: readonly Edit[], format: ExportFormat, quality: number) {
  const image = await exportImage(doc, format, quality);
  const result = {
    file: exportNames(doc, format).image,
    sha256: await sha256Hex(image as Uint8Array<ArrayBuffer>),
    width: doc.image.width,
    height: doc.image.height,
  };
  return manifestDownload(doc, done, result);
}
