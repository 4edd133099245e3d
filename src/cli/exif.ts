// Carries the source's EXIF block into an encoded result (sharp can only keep EXIF from
// its own input, and our input is raw pixels). The orientation tag is reset to 1 because
// the pixels are already upright. JPEG (APP1) and PNG (eXIf) are supported; other formats
// are returned unchanged.
import { crc32 } from 'node:zlib';
import type { OutputFormat } from './image-io.ts';

const EXIF_HEADER = Buffer.from('Exif\0\0', 'binary');
const ORIENTATION_TAG = 0x0112;

/** The TIFF structure inside an EXIF block, with IFD0's orientation set to 1 (a copy). */
export function uprightTiff(exif: Buffer): Buffer | null {
  const tiff = Buffer.from(exif.subarray(0, 6).equals(EXIF_HEADER) ? exif.subarray(6) : exif);
  if (tiff.length < 8) return null;
  const order = tiff.toString('binary', 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const little = order === 'II';
  const u16 = (o: number) => (little ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (little ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return null;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) break;
    if (u16(entry) === ORIENTATION_TAG) {
      if (little) tiff.writeUInt16LE(1, entry + 8);
      else tiff.writeUInt16BE(1, entry + 8);
    }
  }
  return tiff;
}

function jpegWithExif(jpeg: Buffer, tiff: Buffer): Buffer {
  const payload = Buffer.concat([EXIF_HEADER, tiff]);
  if (payload.length + 2 > 0xffff || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return jpeg;
  const marker = Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]);
  return Buffer.concat([jpeg.subarray(0, 2), marker, payload, jpeg.subarray(2)]);
}

function pngWithExif(png: Buffer, tiff: Buffer): Buffer {
  // Chunks start after the 8-byte signature; eXIf must come before the first IDAT.
  let offset = 8;
  while (offset + 8 <= png.length) {
    const length = png.readUInt32BE(offset);
    if (png.toString('binary', offset + 4, offset + 8) === 'IDAT') break;
    offset += 12 + length;
  }
  const typeAndData = Buffer.concat([Buffer.from('eXIf', 'binary'), tiff]);
  const chunk = Buffer.alloc(12 + tiff.length);
  chunk.writeUInt32BE(tiff.length, 0);
  typeAndData.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(typeAndData), 8 + tiff.length);
  return Buffer.concat([png.subarray(0, offset), chunk, png.subarray(offset)]);
}

export function withExif(encoded: Buffer, format: OutputFormat, exif: Buffer): Buffer {
  const tiff = uprightTiff(exif);
  if (!tiff) return encoded;
  if (format === 'jpeg') return jpegWithExif(encoded, tiff);
  if (format === 'png') return pngWithExif(encoded, tiff);
  return encoded;
}
