// Where text removal may change pixels: inside the text boxes grown by a few pixels, and
// nowhere else. Outlines, soft shadows and anti-aliased edges reach a little past a
// detector's box; objects between or beside two captions never lie in it. The fill mask
// is cut to this zone before the fill, and the result is checked against it afterwards.
import { cropMask } from '../../core/image.ts';
import { dilate } from '../../core/mask-ops.ts';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';

/** The promise: no pixel farther than this from every text box changes. */
export const TEXT_REACH = 8;

/**
 * The fill mask may reach this far past a box: the promise less the blend ramp the fill
 * adds around its hole (its feather, which blends the fill with itself there).
 */
export const MASK_REACH = 6;

/** `b` cut to `r`. */
export function clip(b: Box, r: Box): Box {
  return [Math.max(r[0], b[0]), Math.max(r[1], b[1]), Math.min(r[2], b[2]), Math.min(r[3], b[3])];
}

/** Whether two boxes share any area. */
export function overlaps(a: Box, b: Box): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/** The smallest box holding `a` and `b`. */
export function union(a: Box, b: Box): Box {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

/** `b` grown by `g` px on every side (outwards to whole pixels). */
export function grownBox(b: Box, g: number): Box {
  return [Math.floor(b[0]) - g, Math.floor(b[1]) - g, Math.ceil(b[2]) + g, Math.ceil(b[3]) + g];
}

/** A 0/255 mask of `boxes` grown by `reach`, clipped to `region` (default: the image). */
export function zoneMask(width: number, height: number, boxes: readonly Box[], reach: number, region: Box = [0, 0, width, height]): Mask {
  const m: Mask = { width, height, data: new Uint8Array(width * height) };
  for (const b of boxes) {
    const [x0, y0, x1, y1] = clip(grownBox(b, reach), clip(region, [0, 0, width, height]));
    for (let y = y0; y < y1; y++) if (x1 > x0) m.data.fill(255, y * width + x0, y * width + x1);
  }
  return m;
}

/**
 * confine(dilate(mask, radius), zoneMask(width, height, boxes, reach, region)), computed only
 * around the boxes: a pixel of a box's zone is within `radius` of the mask exactly when it
 * is within the crop of the zone grown by `radius`, so each crop's dilation gives the same
 * pixels. Falls back to the whole photo when the crops would add up to more than it.
 */
export function grownInZone(mask: Mask, radius: number, boxes: readonly Box[], reach: number, region?: Box): Mask {
  const { width, height } = mask;
  const image: Box = [0, 0, width, height];
  const area = clip(region ?? image, image);
  const parts = boxes.map((b) => clip(grownBox(b, reach), area)).filter((z) => z[2] > z[0] && z[3] > z[1]);
  const margin = Math.ceil(radius);
  const windows = parts.map((z) => clip(grownBox(z, margin), image));
  const cost = windows.reduce((s, w) => s + (w[2] - w[0]) * (w[3] - w[1]), 0);
  if (cost >= width * height) return confine(dilate(mask, radius), zoneMask(width, height, boxes, reach, region));
  const out: Mask = { width, height, data: new Uint8Array(width * height) };
  parts.forEach((z, k) => {
    const win = windows[k];
    const grown = dilate(cropMask(mask, win), radius);
    const cw = win[2] - win[0];
    for (let y = z[1]; y < z[3]; y++)
      for (let x = z[0]; x < z[2]; x++) if (grown.data[(y - win[1]) * cw + x - win[0]]) out.data[y * width + x] = 255;
  });
  return out;
}

/** `mask` cut to `zone` (in place): what lies outside it is cleared. */
export function confine(mask: Mask, zone: Mask): Mask {
  for (let i = 0; i < mask.data.length; i++) if (!zone.data[i]) mask.data[i] = 0;
  return mask;
}

/** How many pixels differ between `before` and `after` outside `zone` (any channel). */
export function changedOutside(before: RgbaImage, after: RgbaImage, zone: Mask): number {
  let n = 0;
  const a = before.data,
    b = after.data;
  for (let i = 0; i < zone.data.length; i++) {
    if (zone.data[i]) continue;
    const p = i * 4;
    if (a[p] !== b[p] || a[p + 1] !== b[p + 1] || a[p + 2] !== b[p + 2] || a[p + 3] !== b[p + 3]) n++;
  }
  return n;
}
