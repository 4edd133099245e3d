// Carrying a source's ICC colour profile into an encoded result. The editor works on the
// file's own colour values (decoded without conversion to sRGB) and browser encoders write no
// profile, so the exported file gets the source's profile bytes back, unchanged: its values
// then mean what they meant in the source. Read from and written to JPEG (APP2 ICC_PROFILE
// segments, possibly several), PNG (iCCP, zlib) and WebP (ICCP, with VP8X's ICC flag); written
// to TIFF (IFD0's InterColorProfile tag) for the CLI.
import { unzlibSync, zlibSync } from 'fflate';
import { ascii, concat, u32be } from './bytes.ts';
import { tiffWithIcc } from './exif-tiff.ts';
import { pngChunk } from './png.ts';

export type IccFormat = 'jpeg' | 'png' | 'webp' | 'tiff';

const ICC_MARKER = [...'ICC_PROFILE'].map((c) => c.charCodeAt(0)).concat(0); // "ICC_PROFILE\0"
/** Largest profile piece in one APP2 segment: 65535 - length field (2) - marker (12) - sequence (2). */
const JPEG_PIECE = 65_519;

const u32le = (b: Uint8Array, at: number) => b[at] + (b[at + 1] << 8) + (b[at + 2] << 16) + ((b[at + 3] << 24) >>> 0);
const isJpeg = (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8;
const isPng = (b: Uint8Array) => b.length >= 8 && ascii(b, 1, 3) === 'PNG';
const isWebp = (b: Uint8Array) => b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP';
const isIccSegment = (b: Uint8Array, o: number) => b[o + 1] === 0xe2 && ICC_MARKER.every((v, i) => b[o + 4 + i] === v);

/** JPEG segments before the image data: [offset, marker, total length]. */
function* jpegSegments(b: Uint8Array): Generator<[number, number, number]> {
  for (let o = 2; o + 4 <= b.length && b[o] === 0xff;) {
    const marker = b[o + 1];
    if (marker === 0xda || marker === 0xd9) return; // image data: no metadata after it
    const length = 2 + ((b[o + 2] << 8) | b[o + 3]);
    yield [o, marker, length];
    o += length;
  }
}

function* pngChunks(b: Uint8Array): Generator<[number, string, number]> {
  for (let o = 8; o + 12 <= b.length;) {
    const length = u32be(b, o);
    yield [o, ascii(b, o + 4, 4), length];
    o += 12 + length;
  }
}

function* webpChunks(b: Uint8Array): Generator<[number, string, number]> {
  for (let o = 12; o + 8 <= b.length;) {
    const length = u32le(b, o + 4);
    yield [o, ascii(b, o, 4), length];
    o += 8 + length + (length & 1);
  }
}

function readJpegIcc(b: Uint8Array): Uint8Array | null {
  const pieces: { seq: number; data: Uint8Array }[] = [];
  for (const [o, , length] of jpegSegments(b)) {
    if (isIccSegment(b, o)) pieces.push({ seq: b[o + 16], data: b.subarray(o + 18, o + length) });
  }
  if (!pieces.length) return null;
  return concat(...pieces.sort((p, q) => p.seq - q.seq).map((p) => p.data));
}

function readPngIcc(b: Uint8Array): Uint8Array | null {
  for (const [o, type, length] of pngChunks(b)) {
    if (type === 'IDAT') break;
    if (type !== 'iCCP') continue;
    const data = b.subarray(o + 8, o + 8 + length);
    const nameEnd = data.indexOf(0);
    if (nameEnd < 0 || data[nameEnd + 1] !== 0) return null; // compression method 0 (zlib) only
    try {
      return unzlibSync(data.subarray(nameEnd + 2));
    } catch {
      return null;
    }
  }
  return null;
}

function readWebpIcc(b: Uint8Array): Uint8Array | null {
  for (const [o, type, length] of webpChunks(b)) if (type === 'ICCP') return b.slice(o + 8, o + 8 + length);
  return null;
}

/** The colour space a profile's values are in ('RGB', 'CMYK', 'GRAY', ...; header bytes 16-19), or null when it has no header. */
export function iccColourSpace(icc: Uint8Array): string | null {
  return icc.length >= 128 ? ascii(icc, 16, 4).trim() : null;
}

/**
 * The profile to carry onto an RGB result: the source's own when its values are RGB; none for
 * CMYK or grey profiles, which would mis-tag RGB pixels (and can be a megabyte).
 */
export function rgbProfileOnly(icc: Uint8Array | undefined | null): Uint8Array | null {
  return icc && iccColourSpace(icc) === 'RGB' ? icc : null;
}

/** The source's ICC profile bytes, or null when it has none (or an unreadable one). */
export function readIcc(bytes: Uint8Array): Uint8Array | null {
  if (isJpeg(bytes)) return readJpegIcc(bytes);
  if (isPng(bytes)) return readPngIcc(bytes);
  if (isWebp(bytes)) return readWebpIcc(bytes);
  return null;
}

function jpegWithIcc(b: Uint8Array, icc: Uint8Array): Uint8Array {
  const count = Math.ceil(icc.length / JPEG_PIECE);
  if (count > 255) return b;
  const kept: Uint8Array[] = [b.subarray(0, 2)];
  let at = 2; // after SOI and the APP0/APP1 segments that open the file (JFIF, EXIF)
  let inserted = false;
  const segments = (): Uint8Array[] =>
    Array.from({ length: count }, (_, i) => {
      const piece = icc.subarray(i * JPEG_PIECE, (i + 1) * JPEG_PIECE);
      const size = 2 + ICC_MARKER.length + 2 + piece.length;
      return concat(new Uint8Array([0xff, 0xe2, size >> 8, size & 0xff, ...ICC_MARKER, i + 1, count]), piece);
    });
  for (const [o, marker, length] of jpegSegments(b)) {
    if (!inserted && marker !== 0xe0 && marker !== 0xe1) {
      kept.push(...segments());
      inserted = true;
    }
    if (!isIccSegment(b, o)) kept.push(b.subarray(o, o + length));
    at = o + length;
  }
  if (!inserted) kept.push(...segments());
  kept.push(b.subarray(at));
  return concat(...kept);
}

function pngWithIcc(b: Uint8Array, icc: Uint8Array): Uint8Array {
  // iCCP goes right after IHDR (before PLTE and IDAT); an sRGB chunk would contradict it.
  const iccp = pngChunk('iCCP', concat(new Uint8Array([0x69, 0x63, 0x63, 0, 0]), zlibSync(icc))); // "icc\0", method 0
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  let end = 8;
  for (const [o, type, length] of pngChunks(b)) {
    end = o + 12 + length;
    if (type === 'iCCP' || type === 'sRGB') continue;
    parts.push(b.subarray(o, end));
    if (type === 'IHDR') parts.push(iccp);
  }
  parts.push(b.subarray(end));
  return concat(...parts);
}

function riffChunk(type: string, data: Uint8Array): Uint8Array {
  const head = new Uint8Array(8);
  head.set([...type].map((c) => c.charCodeAt(0)));
  new DataView(head.buffer).setUint32(4, data.length, true);
  return concat(head, data, new Uint8Array(data.length & 1));
}

/** Canvas size and alpha of a simple WebP's one image chunk (VP8 lossy or VP8L lossless). */
function webpImageFacts(b: Uint8Array, o: number, type: string): { width: number; height: number; alpha: boolean } | null {
  const d = o + 8;
  if (type === 'VP8 ' && b[d + 3] === 0x9d && b[d + 4] === 0x01 && b[d + 5] === 0x2a) {
    return { width: (b[d + 6] | (b[d + 7] << 8)) & 0x3fff, height: (b[d + 8] | (b[d + 9] << 8)) & 0x3fff, alpha: false };
  }
  if (type === 'VP8L' && b[d] === 0x2f) {
    const bits = u32le(b, d + 1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1 };
  }
  return null;
}

function webpWithIcc(b: Uint8Array, icc: Uint8Array): Uint8Array | null {
  const chunks = [...webpChunks(b)].filter(([, type]) => type !== 'ICCP');
  const raw = ([o, , length]: [number, string, number]) => b.subarray(o, o + 8 + length + (length & 1));
  let vp8x: Uint8Array;
  const rest = chunks.filter(([, type]) => type !== 'VP8X').map(raw);
  const existing = chunks.find(([, type]) => type === 'VP8X');
  if (existing) {
    vp8x = raw(existing).slice();
    vp8x[8] |= 0x20; // ICC flag
  } else {
    const image = chunks[0] && webpImageFacts(b, chunks[0][0], chunks[0][1]);
    if (!image) return null;
    const data = new Uint8Array(10);
    data[0] = 0x20 | (image.alpha ? 0x10 : 0);
    const w = image.width - 1,
      h = image.height - 1;
    data.set([w & 0xff, (w >> 8) & 0xff, (w >> 16) & 0xff, h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff], 4);
    vp8x = riffChunk('VP8X', data);
  }
  const body = concat(new Uint8Array([0x57, 0x45, 0x42, 0x50]), vp8x, riffChunk('ICCP', icc), ...rest); // "WEBP" ...
  const head = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0]); // "RIFF" + size
  new DataView(head.buffer).setUint32(4, body.length, true);
  return concat(head, body);
}

/** `encoded` with the ICC profile embedded (replacing any it had); unchanged when the format cannot carry it. */
export function withIcc(encoded: Uint8Array, format: IccFormat, icc: Uint8Array): Uint8Array {
  if (format === 'jpeg' && isJpeg(encoded)) return jpegWithIcc(encoded, icc);
  if (format === 'png' && isPng(encoded)) return pngWithIcc(encoded, icc);
  if (format === 'webp' && isWebp(encoded)) return webpWithIcc(encoded, icc) ?? encoded;
  if (format === 'tiff') return tiffWithIcc(encoded, icc);
  return encoded;
}
