// Opening a file: read the header first (format, size, damage), refuse what would not fit the
// memory budget, then decode with EXIF orientation applied and alpha kept. Throws
// OpenImageError with a message for the user; never touches the open document.
import { readImageHeader } from '../core/image-header.ts';
import { readIcc, rgbProfileOnly } from '../core/icc.ts';
import { srgbFromCmyk } from './cmyk.ts';
import { decodeImage } from '../worker/decode.ts';
import type { DocumentImage } from './edits.ts';
import type { SourceFile } from './slices/document.ts';
import { MAX_FILE_BYTES, overBudget } from './budget.ts';

export class OpenImageError extends Error {
  constructor(
    readonly title: string,
    readonly detail: string,
    /** The image is fine but too big for the browser (the server may still process it). */
    readonly tooBig = false,
  ) {
    super(`${title} ${detail}`);
  }
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface OpenedImage {
  file: SourceFile;
  image: DocumentImage;
}

const withIcc = (icc: Uint8Array | null) => (icc ? { icc } : {});

export async function openImageFile(file: File): Promise<OpenedImage> {
  const title = `Could not open “${file.name || 'the pasted image'}”.`;
  if (file.size > MAX_FILE_BYTES) {
    throw new OpenImageError(
      title,
      `The file is ${(file.size / 2 ** 20).toFixed(0)} MB; the editor reads files up to ${MAX_FILE_BYTES / 2 ** 20} MB.`,
    );
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const parsed = readImageHeader(bytes);
  if (!parsed.ok) throw new OpenImageError(title, parsed.message);
  const header = parsed.header;
  const tooBig = overBudget(header);
  if (tooBig) throw new OpenImageError(title, tooBig, true);

  const cmyk = header.format === 'jpeg' && header.components === 4;
  let bitmap: ImageBitmap;
  let encoded = new Blob([bytes], { type: header.mime });
  try {
    if (cmyk) encoded = await srgbFromCmyk(encoded);
    // The file's own colour values (no conversion to sRGB), as the worker decodes it too: edits
    // work on them and the export carries the file's ICC profile back (see readIcc). The stage
    // shows these values as they are, so a wide-gamut photo looks a little duller on screen.
    bitmap = await decodeImage(encoded); // on a worker: a 24 MP decode here would freeze the page
  } catch {
    throw new OpenImageError(title, `The ${header.format.toUpperCase()} data is damaged or uses a feature this browser cannot decode.`);
  }
  return {
    file: {
      name: file.name || `pasted.${header.format === 'jpeg' ? 'jpg' : header.format}`,
      format: header.format,
      mime: header.mime,
      bytes: bytes.length,
      sha256: await sha256Hex(bytes),
      width: bitmap.width,
      height: bitmap.height,
      hasAlpha: header.hasAlpha,
      bitDepth: header.bitDepth,
      blob: file,
      // Only an RGB profile describes the pixels kept (CMYK was converted to sRGB above; a grey profile is not RGB's).
      ...withIcc(rgbProfileOnly(readIcc(bytes))),
    },
    image: { width: bitmap.width, height: bitmap.height, source: bitmap, file: encoded, opaque: !header.hasAlpha },
  };
}
