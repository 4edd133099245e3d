// RGBA and mask buffers: create, copy, crop, paste and blend. All integer arithmetic.
import type { Box, Mask, RgbaImage } from './types.ts';

/** A new image of the given size filled with one straight RGBA colour (default transparent). */
export function blankImage(width: number, height: number, rgba: [number, number, number, number] = [0, 0, 0, 0]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  if (rgba.some((v) => v !== 0)) for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
  return { width, height, data };
}

/** A new all-keep (0) mask. */
export function blankMask(width: number, height: number): Mask {
  return { width, height, data: new Uint8Array(width * height) };
}

export function copyImage(img: RgbaImage): RgbaImage {
  return { width: img.width, height: img.height, data: new Uint8ClampedArray(img.data) };
}

export function copyMask(mask: Mask): Mask {
  return { width: mask.width, height: mask.height, data: new Uint8Array(mask.data) };
}

function checkBox(box: Box, width: number, height: number): void {
  const [x0, y0, x1, y1] = box;
  if (![x0, y0, x1, y1].every(Number.isInteger) || x0 < 0 || y0 < 0 || x1 > width || y1 > height || x1 <= x0 || y1 <= y0) {
    throw new RangeError(`Box [${box.join(', ')}] is not a non-empty integer box inside ${width}x${height}.`);
  }
}

function cropBytes<T extends Uint8Array | Uint8ClampedArray>(
  data: T,
  width: number,
  height: number,
  bpp: number,
  box: Box,
  make: (n: number) => T,
): T {
  checkBox(box, width, height);
  const [x0, y0, x1, y1] = box;
  const w = x1 - x0;
  const out = make(w * (y1 - y0) * bpp);
  for (let y = y0; y < y1; y++) out.set(data.subarray((y * width + x0) * bpp, (y * width + x1) * bpp), (y - y0) * w * bpp);
  return out;
}

/** The pixels inside `box` as a new image. */
export function cropImage(img: RgbaImage, box: Box): RgbaImage {
  const data = cropBytes(img.data, img.width, img.height, 4, box, (n) => new Uint8ClampedArray(n));
  return { width: box[2] - box[0], height: box[3] - box[1], data };
}

/** The mask values inside `box` as a new mask. */
export function cropMask(mask: Mask, box: Box): Mask {
  const data = cropBytes(mask.data, mask.width, mask.height, 1, box, (n) => new Uint8Array(n));
  return { width: box[2] - box[0], height: box[3] - box[1], data };
}

/** Copies `src` into `dst` with its top-left corner at (x, y), in place. Must fit. */
export function pasteImage(dst: RgbaImage, src: RgbaImage, x: number, y: number): void {
  checkBox([x, y, x + src.width, y + src.height], dst.width, dst.height);
  const rowBytes = src.width * 4;
  for (let r = 0; r < src.height; r++) {
    dst.data.set(src.data.subarray(r * rowBytes, (r + 1) * rowBytes), ((y + r) * dst.width + x) * 4);
  }
}

/**
 * Blends `src` into `dst` at (x, y), in place, with a per-pixel weight (same size as src,
 * 0 = keep dst exactly, 255 = take src exactly): out = (dst * (255 - w) + src * w) / 255,
 * rounded. Every channel, alpha included, is blended.
 */
export function blendImage(dst: RgbaImage, src: RgbaImage, x: number, y: number, weight: Mask): void {
  checkBox([x, y, x + src.width, y + src.height], dst.width, dst.height);
  if (weight.width !== src.width || weight.height !== src.height) {
    throw new RangeError(`blendImage: weight ${weight.width}x${weight.height} does not match source ${src.width}x${src.height}.`);
  }
  const d = dst.data;
  const s = src.data;
  for (let r = 0; r < src.height; r++) {
    let di = ((y + r) * dst.width + x) * 4;
    let si = r * src.width * 4;
    let wi = r * src.width;
    for (let c = 0; c < src.width; c++, di += 4, si += 4, wi++) {
      const w = weight.data[wi];
      if (w === 0) continue;
      if (w === 255) {
        d[di] = s[si];
        d[di + 1] = s[si + 1];
        d[di + 2] = s[si + 2];
        d[di + 3] = s[si + 3];
        continue;
      }
      const k = 255 - w;
      d[di] = ((d[di] * k + s[si] * w + 127) / 255) | 0;
      d[di + 1] = ((d[di + 1] * k + s[si + 1] * w + 127) / 255) | 0;
      d[di + 2] = ((d[di + 2] * k + s[si + 2] * w + 127) / 255) | 0;
      d[di + 3] = ((d[di + 3] * k + s[si + 3] * w + 127) / 255) | 0;
    }
  }
}

/** True when every pixel has alpha 255. */
export function isOpaque(img: RgbaImage): boolean {
  const d = img.data;
  for (let i = 3; i < d.length; i += 4) if (d[i] !== 255) return false;
  return true;
}

/** Clamps a box to the image and rounds it outwards to whole pixels. */
export function clampBox(box: Box, width: number, height: number): Box {
  return [
    Math.max(0, Math.floor(box[0])),
    Math.max(0, Math.floor(box[1])),
    Math.min(width, Math.ceil(box[2])),
    Math.min(height, Math.ceil(box[3])),
  ];
}
