// How far the edge of faint text fades out into its background, measured rather than
// assumed. Semi-transparent text with crisp edges ends a pixel or two past its cores; a soft
// shadow or a blurred watermark keeps raising the local contrast several pixels further.
// Growing the mask by a fixed share of the text height replaces good background (hair, the
// edge of an object) next to crisp text, while too little growth leaves a soft edge as a
// readable ghost: so the growth is the distance over which the edge is still measurably there.
import { squaredDistanceTo } from '../../core/mask-ops.ts';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';
import { luma } from '../inpaint/ring-texture.ts';

/** A band of pixels is still text edge while its median gradient is this many times the background's... */
const EDGE_OVER_BACKGROUND = 2;
/** ...plus this many grey levels (flat, noiseless backgrounds have a median gradient of 0). */
const EDGE_FLOOR = 2;

function median(values: number[]): number {
  if (!values.length) return 0;
  values.sort((a, b) => a - b);
  return values[values.length >> 1];
}

/**
 * The growth, 0..maxGrow pixels, over which `found` (0/255 over window `win` of `img`) still
 * has an edge past its anti-aliased rim: the largest d such that every band of pixels 2..d+1
 * px from it has a median luma gradient (|d/dx| + |d/dy|) clearly above that of the pixels
 * farther than maxGrow + 2 px away.
 */
export function edgeGrowth(img: RgbaImage, win: Box, found: Mask, maxGrow: number): number {
  const d2 = squaredDistanceTo(found);
  const { width: ww, height: wh } = found;
  const bands: number[][] = Array.from({ length: maxGrow + 2 }, () => []);
  const background: number[] = [];
  for (let y = 0; y < wh; y++)
    for (let x = 0; x < ww; x++) {
      const k = y * ww + x;
      if (d2[k] === 0) continue;
      const ix = win[0] + x,
        iy = win[1] + y;
      if (ix + 1 >= img.width || iy + 1 >= img.height) continue;
      const p = iy * img.width + ix;
      const c = luma(img.data, p);
      const g = Math.abs(luma(img.data, p + 1) - c) + Math.abs(luma(img.data, p + img.width) - c);
      const band = Math.ceil(Math.sqrt(d2[k]));
      if (band <= maxGrow + 1) bands[band].push(g);
      else if (band > maxGrow + 2) background.push(g);
    }
  const limit = EDGE_OVER_BACKGROUND * median(background) + EDGE_FLOOR;
  // Band 1 is the anti-aliased rim of any text, crisp or soft, which the inpaint dilation
  // takes anyway: the growth is how many bands beyond it still show the edge.
  let grow = 0;
  while (grow < maxGrow && bands[grow + 2]?.length && median(bands[grow + 2]) > limit) grow++;
  return grow;
}
