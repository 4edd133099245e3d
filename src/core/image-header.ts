// Reads an image's format, size and EXIF orientation from its bytes before anything decodes
// it, so the editor can refuse decompression bombs and explain damaged files instead of
// handing them to a decoder. Checks structure only (chunk/segment framing, not pixel data).

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'bmp' | 'avif';

export interface ImageHeader {
  format: ImageFormat;
  mime: string;
  /** Stored size, before EXIF orientation. */
  width: number;
  height: number;
  /** EXIF orientation 1..8 (1 = as stored; 5..8 swap width and height on display). */
  orientation: number;
  /** True when the format says the image carries transparency. */
  hasAlpha: boolean;
  /** Bits per channel where the format says (PNG 16, JPEG 8/12...). */
  bitDepth?: number;
  /** Colour components per pixel where the format says: JPEG 1 (grey), 3 (YCbCr) or 4 (CMYK or YCCK). */
  components?: number;
}

export type HeaderProblem = 'empty' | 'not-an-image' | 'truncated' | 'corrupt';

export type HeaderResult = { ok: true; header: ImageHeader } | { ok: false; problem: HeaderProblem; message: string };

const MIME: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
  avif: 'image/avif',
};

/** Display size once EXIF orientation is applied. */
export function orientedSize(h: ImageHeader): { width: number; height: number } {
  return h.orientation >= 5 ? { width: h.height, height: h.width } : { width: h.width, height: h.height };
}

class HeaderError extends Error {
  constructor(
    readonly problem: HeaderProblem,
    message: string,
  ) {
    super(message);
  }
}
const truncated = (what: string) =>
  new HeaderError('truncated', `The file is truncated: it ends inside the ${what}. It was probably not completely downloaded or copied.`);
const corrupt = (what: string) => new HeaderError('corrupt', `The file is damaged: ${what}.`);

const u16be = (b: Uint8Array, o: number) => (b[o] << 8) | b[o + 1];
const u16le = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u24le = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8) | (b[o + 2] << 16);
const u32be = (b: Uint8Array, o: number) => ((b[o] << 24) >>> 0) + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
const u32le = (b: Uint8Array, o: number) => ((b[o + 3] << 24) >>> 0) + ((b[o + 2] << 16) | (b[o + 1] << 8) | b[o]);
const ascii = (b: Uint8Array, o: number, n: number) => String.fromCharCode(...b.subarray(o, o + n));
const startsWith = (b: Uint8Array, sig: number[]) => sig.every((v, i) => b[i] === v);

function need(b: Uint8Array, end: number, what: string): void {
  if (end > b.length) throw truncated(what);
}

function positive(width: number, height: number, what: string): void {
  if (!(width > 0 && height > 0)) throw corrupt(`its ${what} says the image is ${width} x ${height} pixels`);
}

function readPng(b: Uint8Array): ImageHeader {
  need(b, 33, 'PNG header');
  if (ascii(b, 12, 4) !== 'IHDR') throw corrupt('the PNG header (IHDR) is missing');
  const width = u32be(b, 16),
    height = u32be(b, 20),
    bitDepth = b[24],
    colourType = b[25];
  positive(width, height, 'PNG header');
  let hasAlpha = colourType === 4 || colourType === 6;
  let sawData = false;
  for (let o = 8; ;) {
    need(b, o + 8, 'PNG chunk list');
    const len = u32be(b, o),
      type = ascii(b, o + 4, 4);
    need(b, o + 12 + len, `PNG ${type} chunk`);
    if (type === 'tRNS') hasAlpha = true;
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') break;
    o += 12 + len;
  }
  if (!sawData) throw corrupt('the PNG has no image data (IDAT)');
  return { format: 'png', mime: MIME.png, width, height, orientation: 1, hasAlpha, bitDepth };
}

/** EXIF orientation from an APP1 payload starting at "Exif\0\0"; 1 when absent or unreadable. */
function exifOrientation(b: Uint8Array, start: number, end: number): number {
  const t = start + 6;
  if (t + 8 > end) return 1;
  const le = b[t] === 0x49;
  const r16 = (o: number) => (le ? u16le(b, o) : u16be(b, o));
  const r32 = (o: number) => (le ? u32le(b, o) : u32be(b, o));
  const ifd = t + r32(t + 4);
  if (ifd + 2 > end) return 1;
  const n = r16(ifd);
  for (let i = 0; i < n; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > end) return 1;
    if (r16(e) === 0x0112) {
      const v = r16(e + 8);
      return v >= 1 && v <= 8 ? v : 1;
    }
  }
  return 1;
}

const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function hasJpegEnd(b: Uint8Array, from: number): boolean {
  for (let i = b.length - 2; i >= from; i--) if (b[i] === 0xff && b[i + 1] === 0xd9) return true;
  return false;
}

function readJpeg(b: Uint8Array): ImageHeader {
  let orientation = 1;
  let sof: { width: number; height: number; bitDepth: number; components: number } | null = null;
  let o = 2;
  for (;;) {
    need(b, o + 2, 'JPEG markers');
    if (b[o] !== 0xff) throw corrupt('a JPEG segment marker is missing');
    const m = b[o + 1];
    if (m === 0xff) {
      o++;
      continue;
    }
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      o += 2;
      continue;
    }
    if (m === 0xd9) throw corrupt('the JPEG ends before any image data');
    need(b, o + 4, 'JPEG segment header');
    const len = u16be(b, o + 2);
    if (len < 2) throw corrupt('a JPEG segment has an impossible length');
    need(b, o + 2 + len, m === 0xda ? 'JPEG scan header' : 'JPEG headers');
    if (m === 0xe1 && ascii(b, o + 4, 6) === 'Exif\0\0') orientation = exifOrientation(b, o + 4, o + 2 + len);
    if (isSof(m)) {
      need(b, o + 10, 'JPEG frame header');
      sof = { bitDepth: b[o + 4], height: u16be(b, o + 5), width: u16be(b, o + 7), components: b[o + 9] };
      positive(sof.width, sof.height, 'JPEG frame header');
    }
    if (m === 0xda) {
      if (!sof) throw corrupt('the JPEG has image data but no frame header (SOF)');
      if (!hasJpegEnd(b, o + 2 + len)) throw truncated('JPEG image data (no end-of-image marker)');
      return { format: 'jpeg', mime: MIME.jpeg, ...sof, orientation, hasAlpha: false };
    }
    o += 2 + len;
  }
}

function readWebp(b: Uint8Array): ImageHeader {
  need(b, 30, 'WebP header');
  if (8 + u32le(b, 4) > b.length) throw truncated('WebP data');
  const chunk = ascii(b, 12, 4);
  let width: number,
    height: number,
    hasAlpha = false;
  if (chunk === 'VP8X') {
    hasAlpha = (b[20] & 0x10) !== 0;
    width = u24le(b, 24) + 1;
    height = u24le(b, 27) + 1;
  } else if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) throw corrupt('the lossless WebP signature is wrong');
    const bits = u32le(b, 21);
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
    hasAlpha = ((bits >>> 28) & 1) === 1;
  } else if (chunk === 'VP8 ') {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) throw corrupt('the WebP frame start code is wrong');
    width = u16le(b, 26) & 0x3fff;
    height = u16le(b, 28) & 0x3fff;
  } else throw corrupt(`the WebP starts with an unknown chunk "${chunk}"`);
  positive(width, height, 'WebP header');
  return { format: 'webp', mime: MIME.webp, width, height, orientation: 1, hasAlpha, bitDepth: 8 };
}

function readGif(b: Uint8Array): ImageHeader {
  need(b, 13, 'GIF header');
  const width = u16le(b, 6),
    height = u16le(b, 8);
  positive(width, height, 'GIF header');
  if (b[b.length - 1] !== 0x3b) throw truncated('GIF data (no trailer)');
  return { format: 'gif', mime: MIME.gif, width, height, orientation: 1, hasAlpha: true, bitDepth: 8 };
}

function readBmp(b: Uint8Array): ImageHeader {
  need(b, 26, 'BMP header');
  if (u32le(b, 2) > b.length) throw truncated('BMP pixel data');
  const dib = u32le(b, 14);
  let width: number, height: number, bitDepth: number;
  if (dib === 12) {
    width = u16le(b, 18);
    height = u16le(b, 20);
    bitDepth = u16le(b, 24);
  } else {
    need(b, 30, 'BMP header');
    width = u32le(b, 18) | 0;
    height = Math.abs(u32le(b, 22) | 0);
    bitDepth = u16le(b, 28);
  }
  positive(width, height, 'BMP header');
  return { format: 'bmp', mime: MIME.bmp, width, height, orientation: 1, hasAlpha: bitDepth === 32, bitDepth };
}

/** ISO-BMFF boxes in [from, to): [type, payload start, box end]. A box running past `to` is truncated. */
function* isoBoxes(b: Uint8Array, from: number, to: number): Generator<[string, number, number]> {
  for (let o = from; o < to;) {
    need(b, o + 8, 'AVIF box header');
    let size = u32be(b, o);
    let payload = o + 8;
    if (size === 1) {
      need(b, o + 16, 'AVIF box header');
      size = u32be(b, o + 8) * 2 ** 32 + u32be(b, o + 12);
      payload = o + 16;
    } else if (size === 0) size = to - o; // runs to the end of its container
    if (size < payload - o) throw corrupt('an AVIF box has an impossible size');
    const type = ascii(b, o + 4, 4);
    yield [type, payload, o + size];
    o += size;
  }
}

const childBox = (b: Uint8Array, from: number, to: number, type: string, skip = 0) => {
  for (const [t, payload, end] of isoBoxes(b, from, to)) if (t === type) return { payload: payload + skip, end };
  return null;
};

/**
 * AVIF: the size is the primary item's 'ispe' property: meta -> pitm names the primary item,
 * iprp -> ipma lists its properties as indexes into iprp -> ipco. Another item's ispe (a grid
 * tile, a thumbnail) or a stray 'ispe' elsewhere in the file is not the image's size.
 */
function readAvif(b: Uint8Array): ImageHeader {
  const meta = childBox(b, 0, b.length, 'meta', 4); // FullBox: version and flags first
  if (!meta) throw corrupt('the AVIF has no metadata (meta) box');
  need(b, meta.end, 'AVIF metadata (meta) box');
  const pitm = childBox(b, meta.payload, meta.end, 'pitm');
  if (!pitm) throw corrupt('the AVIF names no primary image (pitm)');
  const primary = b[pitm.payload] === 0 ? u16be(b, pitm.payload + 4) : u32be(b, pitm.payload + 4);
  const iprp = childBox(b, meta.payload, meta.end, 'iprp');
  const ipco = iprp && childBox(b, iprp.payload, iprp.end, 'ipco');
  const ipma = iprp && childBox(b, iprp.payload, iprp.end, 'ipma');
  if (!ipco || !ipma) throw corrupt('the AVIF has no item properties (iprp with ipco and ipma)');
  const properties = [...isoBoxes(b, ipco.payload, ipco.end)];
  const version = b[ipma.payload];
  const wideIndex = (b[ipma.payload + 3] & 1) === 1;
  let o = ipma.payload + 8;
  const count = u32be(b, ipma.payload + 4);
  for (let e = 0; e < count; e++) {
    need(b, o + 7, 'AVIF item properties (ipma)');
    const item = version < 1 ? u16be(b, o) : u32be(b, o);
    o += version < 1 ? 2 : 4;
    const n = b[o++];
    const indexes: number[] = [];
    for (let k = 0; k < n; k++, o += wideIndex ? 2 : 1) indexes.push(wideIndex ? u16be(b, o) & 0x7fff : b[o] & 0x7f);
    if (o > ipma.end) throw corrupt('the AVIF item property list (ipma) runs past its box');
    if (item !== primary) continue;
    for (const index of indexes) {
      const property = properties[index - 1];
      if (property?.[0] !== 'ispe') continue;
      const at = property[1] + 4; // FullBox
      need(b, at + 8, 'AVIF image size (ispe)');
      const width = u32be(b, at),
        height = u32be(b, at + 4);
      positive(width, height, 'AVIF header');
      return { format: 'avif', mime: MIME.avif, width, height, orientation: 1, hasAlpha: false };
    }
  }
  throw corrupt('the AVIF primary image has no size (ispe) property');
}

function readAny(b: Uint8Array): ImageHeader {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return readPng(b);
  if (startsWith(b, [0xff, 0xd8, 0xff])) return readJpeg(b);
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return readWebp(b);
  if (b.length >= 6 && /^GIF8[79]a$/.test(ascii(b, 0, 6))) return readGif(b);
  if (b.length >= 2 && ascii(b, 0, 2) === 'BM') return readBmp(b);
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp' && /^(avif|avis)$/.test(ascii(b, 8, 4))) return readAvif(b);
  throw new HeaderError('not-an-image', 'This is not an image cleanplate can open (it is not JPEG, PNG, WebP, GIF, BMP or AVIF).');
}

/** Parses the header of a whole image file. Never throws. */
export function readImageHeader(bytes: Uint8Array): HeaderResult {
  if (bytes.length === 0) return { ok: false, problem: 'empty', message: 'The file is empty (0 bytes).' };
  try {
    return { ok: true, header: readAny(bytes) };
  } catch (e) {
    if (e instanceof HeaderError) return { ok: false, problem: e.problem, message: e.message };
    throw e;
  }
}
