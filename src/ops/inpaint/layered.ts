// Structure + texture fill (after Bertalmio, Vese, Sapiro and Osher 2003) for thin holes on
// textured surroundings, such as text on brick, grass, fur or wood. The crop is split into a
// smooth layer (a local mean of the known pixels) and a detail layer (what the mean leaves
// out: grain, blades, mortar lines). The smooth layer is filled by diffusion, which
// continues shading and the few large edges without inventing objects; the detail layer by
// PatchMatch, which copies real texture instead of leaving a letter-shaped smudge. Copied
// detail can be wrong only at detail amplitude, so an unlucky match never pastes a foreign
// object into the hole.
import { HOLE_THRESHOLD } from '../../core/mask-ops.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';
import type { OpContext } from '../context.ts';
import { diffusionFill } from './diffusion.ts';
import type { FillOptions, InpaintEngine } from './engine.ts';
import { patchMatchFill } from './patchmatch.ts';

/**
 * Radius of the local mean that defines the smooth layer: texture finer than ~5 px (blades,
 * fur, grain) is detail and copied; coarser shading is diffused, which stays closer to the
 * photo than shading copied from elsewhere.
 */
export const SMOOTH_RADIUS = 2;

/** Detail is stored offset by this, so that negative values fit a byte. */
const MID = 128;

/**
 * Mean of the known pixels (hole < 128) in the (2r+1)^2 window around each pixel, per RGB
 * channel, by running sums; pixels with no known neighbour get 0 (the hole fill overwrites them).
 */
function knownMean(img: RgbaImage, hole: Mask, r: number): Uint8ClampedArray {
  const { width: w, height: h, data } = img;
  const out = new Uint8ClampedArray(data.length);
  // Summed-area tables of the known values and of the known count (whole numbers: exact in
  // doubles). One table per channel in plain locals: this runs on every textured text hole.
  const W = w + 1;
  const sumR = new Float64Array(W * (h + 1)),
    sumG = new Float64Array(W * (h + 1)),
    sumB = new Float64Array(W * (h + 1)),
    count = new Float64Array(W * (h + 1));
  for (let y = 0; y < h; y++) {
    let rr = 0,
      rg = 0,
      rb = 0,
      rc = 0;
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (hole.data[i] < HOLE_THRESHOLD) {
        rr += data[i * 4];
        rg += data[i * 4 + 1];
        rb += data[i * 4 + 2];
        rc++;
      }
      const k = (y + 1) * W + x + 1;
      sumR[k] = sumR[k - W] + rr;
      sumG[k] = sumG[k - W] + rg;
      sumB[k] = sumB[k - W] + rb;
      count[k] = count[k - W] + rc;
    }
  }
  for (let y = 0; y < h; y++) {
    const top = Math.max(0, y - r) * W,
      bottom = Math.min(h, y + r + 1) * W;
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - r),
        x1 = Math.min(w, x + r + 1);
      const a = bottom + x1,
        b = top + x1,
        c = bottom + x0,
        d = top + x0;
      const n = count[a] - count[b] - count[c] + count[d];
      const i = (y * w + x) * 4;
      if (n > 0) {
        out[i] = Math.round((sumR[a] - sumR[b] - sumR[c] + sumR[d]) / n);
        out[i + 1] = Math.round((sumG[a] - sumG[b] - sumG[c] + sumG[d]) / n);
        out[i + 2] = Math.round((sumB[a] - sumB[b] - sumB[c] + sumB[d]) / n);
      }
      out[i + 3] = 255;
    }
  }
  return out;
}

/** Fills `hole` (>= 128) of `crop`: diffused smooth layer plus PatchMatch-copied detail. Deterministic. */
export async function layeredFill(crop: RgbaImage, hole: Mask, options: FillOptions, ctx: OpContext = {}): Promise<RgbaImage> {
  const { width: w, height: h, data } = crop;
  const smooth: RgbaImage = { width: w, height: h, data: knownMean(crop, hole, SMOOTH_RADIUS) };
  const detail: RgbaImage = { width: w, height: h, data: new Uint8ClampedArray(data.length) };
  for (let i = 0; i < w * h; i++) {
    for (let c = 0; c < 3; c++) detail.data[i * 4 + c] = MID + data[i * 4 + c] - smooth.data[i * 4 + c];
    detail.data[i * 4 + 3] = 255;
  }
  const smoothFilled = diffusionFill(smooth, hole);
  const detailFilled = await patchMatchFill(detail, hole, options, ctx);
  const out = new Uint8ClampedArray(data);
  for (let i = 0; i < w * h; i++) {
    if (hole.data[i] < HOLE_THRESHOLD) continue;
    for (let c = 0; c < 3; c++) out[i * 4 + c] = smoothFilled.data[i * 4 + c] + detailFilled.data[i * 4 + c] - MID;
  }
  return { width: w, height: h, data: out };
}

export const layeredEngine: InpaintEngine = {
  id: 'layered',
  maxSide: 2048,
  fill: (crop, hole, options, ctx) => layeredFill(crop, hole, options, ctx),
};
