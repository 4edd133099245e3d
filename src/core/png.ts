// A PNG encoder for straight RGBA, exact: browser canvases premultiply alpha, so their PNGs
// change RGB under partial transparency. 8-bit RGB when every pixel is opaque, else RGBA;
// every row Paeth-filtered (good on photos) and zlib-compressed with fflate.
import { zlibSync } from 'fflate';
import { concat, crc32 } from './bytes.ts';
import type { RgbaImage } from './types.ts';

const SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG chunk: length, type, data and CRC. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const typeAndData = concat(new Uint8Array([...type].map((c) => c.charCodeAt(0))), data);
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(typeAndData, 4);
  view.setUint32(8 + data.length, crc32(typeAndData));
  return out;
}

function isOpaque({ data }: RgbaImage): boolean {
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return false;
  return true;
}

const paeth = (a: number, b: number, c: number) => {
  const p = a + b - c,
    pa = Math.abs(p - a),
    pb = Math.abs(p - b),
    pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/** Filtered scanlines (filter byte 4, Paeth) with `channels` bytes per pixel (3 drops alpha). */
function scanlines(image: RgbaImage, channels: 3 | 4): Uint8Array {
  const { width, height, data } = image;
  const stride = width * channels;
  const out = new Uint8Array((stride + 1) * height);
  let prev = new Uint8Array(stride);
  let row = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    for (let x = 0, s = y * width * 4; x < width; x++, s += 4) {
      for (let c = 0; c < channels; c++) row[x * channels + c] = data[s + c];
    }
    const o = y * (stride + 1);
    out[o] = 4;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? row[i - channels] : 0;
      const c = i >= channels ? prev[i - channels] : 0;
      out[o + 1 + i] = (row[i] - paeth(a, prev[i], c)) & 255;
    }
    [prev, row] = [row, prev];
  }
  return out;
}

/** The image as a PNG file; decoding it gives back exactly the same straight RGBA. */
export function encodePng(image: RgbaImage, level: 1 | 6 | 9 = 6): Uint8Array {
  const channels = isOpaque(image) ? 3 : 4;
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, image.width);
  view.setUint32(4, image.height);
  ihdr.set([8, channels === 4 ? 6 : 2, 0, 0, 0], 8); // 8-bit, RGBA or RGB, deflate, adaptive filters, no interlace
  return concat(
    SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlibSync(scanlines(image, channels), { level })),
    pngChunk('IEND', new Uint8Array(0)),
  );
}
