// Carrying a source's EXIF block into an encoded result: encoders (sharp from raw pixels, a
// browser canvas) write none. The orientation tag is reset to 1 because the pixels are already
// upright. Read from JPEG (APP1) and PNG (eXIf), written to those, WebP (EXIF chunk) and TIFF
// (merged into its first IFD); other formats pass unchanged.
import { ascii, concat, u32be } from './bytes.ts';
import { tiffWithExif } from './exif-tiff.ts';
import { webpWithExif } from './exif-webp.ts';
import { pngChunk } from './png.ts';

const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"
const ORIENTATION_TAG = 0x0112;

const startsWith = (b: Uint8Array, at: number, prefix: readonly number[]) => prefix.every((v, i) => b[at + i] === v);

/** The TIFF structure of the source's EXIF (JPEG APP1 or PNG eXIf), or null when it has none. */
export function readExif(bytes: Uint8Array): Uint8Array | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    for (let o = 2; o + 4 <= bytes.length && bytes[o] === 0xff;) {
      const marker = bytes[o + 1];
      if (marker === 0xda || marker === 0xd9) break; // image data: no metadata after it
      const len = (bytes[o + 2] << 8) | bytes[o + 3];
      if (marker === 0xe1 && startsWith(bytes, o + 4, EXIF_HEADER)) return bytes.slice(o + 10, o + 2 + len);
      o += 2 + len;
    }
    return null;
  }
  if (ascii(bytes, 1, 3) === 'PNG') {
    for (let o = 8; o + 8 <= bytes.length;) {
      const len = u32be(bytes, o);
      const type = ascii(bytes, o + 4, 4);
      if (type === 'eXIf') return bytes.slice(o + 8, o + 8 + len);
      if (type === 'IDAT') break;
      o += 12 + len;
    }
  }
  return null;
}

/** A copy of the TIFF block (with or without "Exif\0\0") with IFD0's orientation set to 1; null when unreadable. */
export function uprightTiff(exif: Uint8Array): Uint8Array | null {
  const tiff = (startsWith(exif, 0, EXIF_HEADER) ? exif.subarray(6) : exif).slice();
  if (tiff.length < 8) return null;
  const order = ascii(tiff, 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const little = order === 'II';
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > tiff.length) return null;
  const count = view.getUint16(ifd, little);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) break;
    if (view.getUint16(entry, little) === ORIENTATION_TAG) view.setUint16(entry + 8, 1, little);
  }
  return tiff;
}

function jpegWithExif(jpeg: Uint8Array, tiff: Uint8Array): Uint8Array {
  const size = EXIF_HEADER.length + tiff.length + 2;
  if (size > 0xffff || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return jpeg;
  const marker = new Uint8Array([0xff, 0xe1, size >> 8, size & 0xff, ...EXIF_HEADER]);
  return concat(jpeg.subarray(0, 2), marker, tiff, jpeg.subarray(2));
}

function pngWithExif(png: Uint8Array, tiff: Uint8Array): Uint8Array {
  // Chunks start after the 8-byte signature; eXIf must come before the first IDAT.
  let o = 8;
  while (o + 8 <= png.length && ascii(png, o + 4, 4) !== 'IDAT') o += 12 + u32be(png, o);
  return concat(png.subarray(0, o), pngChunk('eXIf', tiff), png.subarray(o));
}

/** `encoded` with the source's EXIF (orientation reset) inserted; unchanged for other formats or an unreadable block. */
export function withExif(encoded: Uint8Array, format: string, exif: Uint8Array): Uint8Array {
  const tiff = uprightTiff(exif);
  if (!tiff) return encoded;
  if (format === 'jpeg') return jpegWithExif(encoded, tiff);
  if (format === 'png') return pngWithExif(encoded, tiff);
  if (format === 'webp') return webpWithExif(encoded, tiff);
  if (format === 'tiff') return tiffWithExif(encoded, tiff);
  return encoded;
}
