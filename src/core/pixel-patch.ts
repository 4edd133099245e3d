// What a same-size operation changed, as data: the box around every pixel that differs between
// the image before and after it, and both images' pixels inside that box. Pasting `after` into
// the image before gives the image after, and pasting `before` into the image after gives the
// image before, byte for byte, so the history keeps these crops instead of whole frames
// (a removal changes a region, not the 48 MP photo).
import type { Box, RgbaImage } from './types.ts';

export interface PixelPatch {
  /** [x0, y0, x1, y1]: every differing pixel lies inside (exclusive right and bottom). */
  box: Box;
  /** The pixels inside `box` before the change, row-major RGBA. */
  before: Uint8ClampedArray;
  /** The pixels inside `box` after the change. */
  after: Uint8ClampedArray;
}

/** The smallest box holding every pixel where `a` and `b` differ (any channel), or null when none does. Same size required. */
export function changedBox(a: RgbaImage, b: RgbaImage): Box | null {
  if (a.width !== b.width || a.height !== b.height) throw new Error('changedBox: the images differ in size');
  const { width, height } = a;
  // Whole pixels at once: aligned views of the buffers (RGBA is 4 bytes a pixel).
  const pa = words(a);
  const pb = words(b);
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let first = -1;
    for (let x = 0; x < width; x++) {
      if (pa[row + x] !== pb[row + x]) {
        first = x;
        break;
      }
    }
    if (first < 0) continue;
    let last = first;
    for (let x = width - 1; x > first; x--) {
      if (pa[row + x] !== pb[row + x]) {
        last = x;
        break;
      }
    }
    if (y0 === height) y0 = y;
    y1 = y;
    if (first < x0) x0 = first;
    if (last > x1) x1 = last;
  }
  return y1 < 0 ? null : [x0, y0, x1 + 1, y1 + 1];
}

function words(image: RgbaImage): Uint32Array {
  const { data } = image;
  if (data.byteOffset % 4 === 0) return new Uint32Array(data.buffer, data.byteOffset, image.width * image.height);
  return new Uint32Array(data.slice().buffer);
}

/** The pixels of `image` inside `box`, row-major RGBA. */
export function cropPixels(image: RgbaImage, box: Box): Uint8ClampedArray {
  const [x0, y0, x1, y1] = box;
  const rowBytes = (x1 - x0) * 4;
  const out = new Uint8ClampedArray(rowBytes * (y1 - y0));
  for (let y = y0; y < y1; y++) {
    const from = (y * image.width + x0) * 4;
    out.set(image.data.subarray(from, from + rowBytes), (y - y0) * rowBytes);
  }
  return out;
}

/** Writes `pixels` (a crop of `box`'s size) into `image` at `box`, in place. */
export function pastePixels(image: RgbaImage, box: Box, pixels: Uint8ClampedArray): void {
  const [x0, y0, x1, y1] = box;
  const rowBytes = (x1 - x0) * 4;
  if (x0 < 0 || y0 < 0 || x1 > image.width || y1 > image.height || pixels.length !== rowBytes * (y1 - y0)) {
    throw new Error(`A patch of box ${box.join(',')} does not fit a ${image.width} x ${image.height} image.`);
  }
  for (let y = y0; y < y1; y++) image.data.set(pixels.subarray((y - y0) * rowBytes, (y - y0 + 1) * rowBytes), (y * image.width + x0) * 4);
}

/** The patch that turns `before` into `after` (same size); an empty box and crops when they are identical. */
export function patchBetween(before: RgbaImage, after: RgbaImage): PixelPatch {
  const box = changedBox(before, after) ?? [0, 0, 0, 0];
  return { box, before: cropPixels(before, box), after: cropPixels(after, box) };
}

/** Bytes a patch holds (both crops). */
export const patchBytes = (p: PixelPatch): number => p.before.byteLength + p.after.byteLength;
