// EXIF in a WebP file (RIFF container): an "EXIF" chunk after the image data, announced by the
// EXIF flag of the extended header "VP8X" (added when the encoder wrote a simple file).
// https://developers.google.com/speed/webp/docs/riff_container

const fourCC = (b: Uint8Array, at: number) => String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
const u32le = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
const EXIF_FLAG = 0x08;
const ALPHA_FLAG = 0x10;

interface Chunk {
  id: string;
  /** The whole chunk: header, data and padding. */
  bytes: Uint8Array;
}

function chunk(id: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + data.length + (data.length & 1));
  out.set([...id].map((c) => c.charCodeAt(0)));
  new DataView(out.buffer).setUint32(4, data.length, true);
  out.set(data, 8);
  return out;
}

function chunks(webp: Uint8Array): Chunk[] | null {
  if (webp.length < 12 || fourCC(webp, 0) !== 'RIFF' || fourCC(webp, 8) !== 'WEBP') return null;
  const out: Chunk[] = [];
  for (let o = 12; o < webp.length;) {
    if (o + 8 > webp.length) return null;
    const end = o + 8 + u32le(webp, o + 4) + (u32le(webp, o + 4) & 1);
    if (end > webp.length) return null;
    out.push({ id: fourCC(webp, o), bytes: webp.subarray(o, end) });
    o = end;
  }
  return out;
}

/** The extended header a simple (one "VP8 " or "VP8L" chunk) file needs: canvas size and alpha from the bitstream. */
function extendedHeader(image: Chunk): Uint8Array | null {
  const d = image.bytes.subarray(8);
  let width: number,
    height: number,
    alpha = false;
  if (image.id === 'VP8 ' && d.length >= 10 && d[3] === 0x9d && d[4] === 0x01 && d[5] === 0x2a) {
    width = (d[6] | (d[7] << 8)) & 0x3fff;
    height = (d[8] | (d[9] << 8)) & 0x3fff;
  } else if (image.id === 'VP8L' && d.length >= 5 && d[0] === 0x2f) {
    const bits = u32le(d, 1);
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
    alpha = ((bits >>> 28) & 1) === 1;
  } else {
    return null;
  }
  const data = new Uint8Array(10);
  data[0] = alpha ? ALPHA_FLAG : 0;
  const w = width - 1,
    h = height - 1;
  data.set([w & 0xff, (w >> 8) & 0xff, (w >> 16) & 0xff, h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff], 4);
  return chunk('VP8X', data);
}

/** `webp` with an EXIF chunk holding `tiff`; unchanged when the file is not a WebP this can read. */
export function webpWithExif(webp: Uint8Array, tiff: Uint8Array): Uint8Array {
  const parts = chunks(webp)?.filter((c) => c.id !== 'EXIF');
  if (!parts || parts.length === 0) return webp;
  const head = parts[0].id === 'VP8X' ? parts[0].bytes.slice() : extendedHeader(parts[0]);
  if (!head) return webp;
  head[8] |= EXIF_FLAG;
  const body = parts[0].id === 'VP8X' ? parts.slice(1) : parts;
  // EXIF goes after the image data and before any XMP.
  const xmp = body.findIndex((c) => c.id === 'XMP ');
  const ordered = [
    head,
    ...body.slice(0, xmp < 0 ? body.length : xmp).map((c) => c.bytes),
    chunk('EXIF', tiff),
    ...(xmp < 0 ? [] : body.slice(xmp).map((c) => c.bytes)),
  ];
  const size = ordered.reduce((n, p) => n + p.length, 4);
  const out = new Uint8Array(8 + size);
  out.set(webp.subarray(0, 12));
  new DataView(out.buffer).setUint32(4, size, true);
  let at = 12;
  for (const p of ordered) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
