// Coherence transport (after Bornemann and März 2007, "Fast image inpainting based on
// coherence transport") for strokes a few dozen pixels wide across structured surroundings:
// a suit's seam, a strap, a flag's stripe, a horizon. Hole pixels are filled from the edge
// inwards in order of their distance to the known pixels; each one is a weighted mean of the
// known and already filled pixels within REACH, and where the surroundings have a clear
// direction (the structure tensor of the known gradients is coherent) the weights favour the
// pixels on the isophote through it, so edges that cross the stroke are carried straight
// across it instead of being blurred (diffusion, Telea) or pasted over by a patch that fits
// the one side only (PatchMatch).
//
// Only + - * / and sqrt (all correctly rounded in IEEE doubles) with a fixed order of
// operations: the same bytes in every JavaScript host.
import { cropImage, cropMask, pasteImage } from '../../core/image.ts';
import { HOLE_THRESHOLD, maskBBox, squaredDistanceToKept } from '../../core/mask-ops.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { throwIfAborted } from '../context.ts';
import type { InpaintEngine } from './engine.ts';
import { relaxAlongIsophotes } from './isophote-relax.ts';

/** Radius of the neighbourhood a pixel is filled from (the paper's epsilon). */
export const REACH = 5;

/** Radius of the window the structure tensor is summed over (about the paper's rho * 2). */
export const TENSOR_REACH = 8;

/**
 * How sharply the weights favour the isophote: the paper's mu^2 / (2 epsilon^2) with mu = 25,
 * epsilon = 5. A neighbour half a pixel off the line through a fully coherent pixel keeps
 * about a fifth of the weight of one on it.
 */
const SHARPNESS = 12.5;

export interface TransportOptions {
  /**
   * Sweeps of relaxAlongIsophotes after the transport (0, the default: none). Text holes
   * take them (see TEXT_RELAX_SWEEPS); strokes do not: across a 20 px stroke they let slanted
   * stripes drift (16% of the pixels off, against under 5% without).
   */
  relaxSweeps?: number;
  /** Radius of the structure tensor's window (default TENSOR_REACH). */
  tensorReach?: number;
}

/** Fills the pixels where `hole` >= 128 of `crop`; the rest are returned as they are. */
export function transportFill(crop: RgbaImage, holeMask: Mask, options: TransportOptions = {}): RgbaImage {
  const out: RgbaImage = { width: crop.width, height: crop.height, data: new Uint8ClampedArray(crop.data) };
  const box = maskBBox(holeMask);
  if (!box) return out;
  // Only the hole's box and the pixels its windows reach are read: a stroke's crop is mostly
  // context for other engines, and a diagonal stroke's box is the crop anyway.
  const reach = options.tensorReach ?? TENSOR_REACH;
  const m = reach + 2;
  const [x0, y0] = [Math.max(0, box[0] - m), Math.max(0, box[1] - m)];
  const [x1, y1] = [Math.min(crop.width, box[2] + m), Math.min(crop.height, box[3] + m)];
  const win = cropImage(crop, [x0, y0, x1, y1]);
  const filled = fillWindow(win, cropMask(holeMask, [x0, y0, x1, y1]), options.relaxSweeps ?? 0, reach);
  pasteImage(out, filled, x0, y0);
  return out;
}

/** Offsets of a disc window of `radius` (centre left out when `withCentre` is false), as x, y, index delta and a weight. */
function discWindow(radius: number, w: number, withCentre: boolean, weight: (r2: number) => number) {
  const dx: number[] = [],
    dy: number[] = [],
    di: number[] = [],
    wt: number[] = [];
  for (let y = -radius; y <= radius; y++)
    for (let x = -radius; x <= radius; x++) {
      const r2 = x * x + y * y;
      if (r2 > radius * radius || (r2 === 0 && !withCentre)) continue;
      dx.push(x);
      dy.push(y);
      di.push(y * w + x);
      wt.push(weight(r2));
    }
  return { dx: Int32Array.from(dx), dy: Int32Array.from(dy), di: Int32Array.from(di), wt: Float64Array.from(wt), n: dx.length };
}

/** The hole pixels (not `ready`) by d2 ascending, then raster order (a fixed, total order), by counting d2's integer values. */
function fillOrder(ready: Uint8Array, d2: Float32Array): Int32Array {
  let top = 0,
    n = 0;
  for (let i = 0; i < ready.length; i++)
    if (!ready[i]) {
      n++;
      if (d2[i] > top) top = d2[i];
    }
  const start = new Int32Array(top + 2);
  for (let i = 0; i < ready.length; i++) if (!ready[i]) start[d2[i] + 1]++;
  for (let v = 1; v < start.length; v++) start[v] += start[v - 1];
  const order = new Int32Array(n);
  for (let i = 0; i < ready.length; i++) if (!ready[i]) order[start[d2[i]]++] = i;
  return order;
}

type DiscWindow = ReturnType<typeof discWindow>;

/** Per-pixel direction kept for the relaxation: cos 2t, sin 2t and coherence. */
interface Directions {
  cos2: Float32Array;
  sin2: Float32Array;
  coherence: Float32Array;
}

// fillWindow's passes are functions of their own so that V8 optimises each loop once (one
// function with every loop was recompiled at each loop's on-stack replacement).

function fillWindow(crop: RgbaImage, holeMask: Mask, relaxSweeps: number, tensorReach: number): RgbaImage {
  const { width: w, height: h } = crop;
  const src = crop.data;
  // Colours and tensors as 32-bit floats (plenty for 8-bit data; half the memory of doubles).
  const img = new Float32Array(w * h * 3);
  const ready = new Uint8Array(w * h);
  loadColours(src, holeMask.data, img, ready);
  // Per-pixel structure tensor [xx, xy, yy] of the colour gradient, summed over RGB, taken on
  // the known pixels presmoothed by a 3x3 mean (the paper's sigma: grain and JPEG noise must
  // not set the direction); only where the central differences use known pixels. Filled
  // pixels get their smoothed tensor.
  const tensor = new Float32Array(w * h * 3);
  const hasTensor = new Uint8Array(w * h);
  const smooth = smoothKnown(img, ready, w, h);
  structureTensors(smooth, ready, w, h, tensor, hasTensor);
  // Fill order: distance to the known pixels, then raster order (a fixed, total order).
  const d2 = squaredDistanceToKept(holeMask);
  // (a window with no known pixel has nothing to fill from)
  if (!ready.includes(1)) return { width: w, height: h, data: new Uint8ClampedArray(src) };
  const order = fillOrder(ready, d2);
  // Window offsets with their weights: 1/distance for the fill, a tent for the tensor.
  const fillWin = discWindow(REACH, w, false, (r2) => 1 / Math.sqrt(r2));
  const tr = (tensorReach + 1) * (tensorReach + 1);
  const tensorWin = discWindow(tensorReach, w, true, (r2) => 1 - r2 / tr);
  // Each pixel's direction, kept for the relaxation.
  const dir = relaxSweeps > 0 ? { cos2: new Float32Array(w * h), sin2: new Float32Array(w * h), coherence: new Float32Array(w * h) } : null;
  transport(img, ready, tensor, hasTensor, d2, order, w, h, fillWin, tensorWin, Math.max(tensorReach, REACH), dir);
  if (dir) relaxAlongIsophotes(img, w, h, order, dir, SHARPNESS, relaxSweeps);
  return { width: w, height: h, data: withFilled(src, img, order) };
}

/** A copy of `src` (RGBA) with the pixels of `order` set to their rounded colours in `img`. */
function withFilled(src: Uint8ClampedArray, img: Float32Array, order: Int32Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray(src);
  for (let o = 0; o < order.length; o++) for (let c = 0; c < 3; c++) out[order[o] * 4 + c] = Math.round(img[order[o] * 3 + c]);
  return out;
}

/** RGB of `src` (RGBA) into `img`; `ready` 1 where the pixel is known (outside the hole). */
function loadColours(src: Uint8ClampedArray, hole: Uint8Array, img: Float32Array, ready: Uint8Array): void {
  for (let i = 0; i < ready.length; i++) {
    ready[i] = hole[i] >= HOLE_THRESHOLD ? 0 : 1;
    for (let c = 0; c < 3; c++) img[i * 3 + c] = src[i * 4 + c];
  }
}

/** The 3x3 mean of the known pixels around each known pixel (RGB; 0 elsewhere). */
function smoothKnown(img: Float32Array, ready: Uint8Array, w: number, h: number): Float32Array {
  const smooth = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!ready[i]) continue;
      let n = 0,
        r = 0,
        g = 0,
        bb = 0;
      for (let yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++)
        for (let xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
          const j = yy * w + xx;
          if (!ready[j]) continue;
          n++;
          r += img[j * 3];
          g += img[j * 3 + 1];
          bb += img[j * 3 + 2];
        }
      smooth[i * 3] = r / n;
      smooth[i * 3 + 1] = g / n;
      smooth[i * 3 + 2] = bb / n;
    }
  return smooth;
}

/** The structure tensor of `smooth` where the pixel and its 4 neighbours are known. */
function structureTensors(
  smooth: Float32Array,
  ready: Uint8Array,
  w: number,
  h: number,
  tensor: Float32Array,
  hasTensor: Uint8Array,
): void {
  for (let y = 1; y < h - 1; y++)
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (!ready[i] || !ready[i - 1] || !ready[i + 1] || !ready[i - w] || !ready[i + w]) continue;
      let xx = 0,
        xy = 0,
        yy = 0;
      for (let c = 0; c < 3; c++) {
        const gx = (smooth[(i + 1) * 3 + c] - smooth[(i - 1) * 3 + c]) / 2;
        const gy = (smooth[(i + w) * 3 + c] - smooth[(i - w) * 3 + c]) / 2;
        xx += gx * gx;
        xy += gx * gy;
        yy += gy * gy;
      }
      tensor[i * 3] = xx;
      tensor[i * 3 + 1] = xy;
      tensor[i * 3 + 2] = yy;
      hasTensor[i] = 1;
    }
}

/** Fills the pixels of `order` in turn (see the file's header); `dir` gets each one's direction. */
function transport(
  img: Float32Array,
  ready: Uint8Array,
  tensor: Float32Array,
  hasTensor: Uint8Array,
  d2: Float32Array,
  order: Int32Array,
  w: number,
  h: number,
  fillWin: DiscWindow,
  tensorWin: DiscWindow,
  edge: number,
  dir: Directions | null,
): void {
  const { dx: tdx, dy: tdy, di: tdi, wt: twt, n: tn } = tensorWin;
  // Indexed loops over pixel lists here and in the fills: for-of makes an iterator result per
  // pixel until V8 optimises the loop, and a CLI run is over before most loops are.
  for (let o = 0; o < order.length; o++) {
    const i = order[o];
    const x = i % w,
      y = (i - x) / w;
    // Whether both windows stay inside the crop (most pixels: no bounds to check).
    const inside = x >= edge && y >= edge && x < w - edge && y < h - edge;
    // The smoothed tensor around the pixel, from the pixels that have one.
    let a = 0,
      b = 0,
      cc = 0,
      tw = 0;
    for (let k = 0; k < tn; k++) {
      if (!inside) {
        const nx = x + tdx[k],
          ny = y + tdy[k];
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
      }
      const j = i + tdi[k];
      if (!hasTensor[j]) continue;
      const wt = twt[k],
        t = j * 3;
      a += wt * tensor[t];
      b += wt * tensor[t + 1];
      cc += wt * tensor[t + 2];
      tw += wt;
    }
    // Direction of the strongest gradient as cos 2t, sin 2t, and the coherence
    // ((l1 - l2) / (l1 + l2))^2 in 0..1: 0 where there is no direction to follow.
    const diff = a - cc;
    const span = Math.sqrt(diff * diff + 4 * b * b);
    const cos2 = span > 0 ? diff / span : 0,
      sin2 = span > 0 ? (2 * b) / span : 0;
    const coherence = a + cc > 1e-9 ? (span / (a + cc)) * (span / (a + cc)) : 0;
    if (dir) {
      dir.cos2[i] = cos2;
      dir.sin2[i] = sin2;
      dir.coherence[i] = coherence;
    }
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      sw = 0;
    for (let k = 0; k < fillWin.n; k++) {
      const dx = fillWin.dx[k],
        dy = fillWin.dy[k];
      if (!inside) {
        const nx = x + dx,
          ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
      }
      const j = i + fillWin.di[k];
      // Upstream only: a neighbour as deep in the hole as the pixel was itself guessed, and
      // where an edge runs along the stroke, taking it would drag the edge down the whole stroke.
      if (!ready[j] || d2[j] >= d2[i]) continue;
      // Squared distance of the neighbour from the isophote through the pixel.
      const across = (dx * dx + dy * dy + (dx * dx - dy * dy) * cos2 + 2 * dx * dy * sin2) / 2;
      const f = 1 + SHARPNESS * coherence * across;
      const wt = fillWin.wt[k] / (f * f);
      s0 += wt * img[j * 3];
      s1 += wt * img[j * 3 + 1];
      s2 += wt * img[j * 3 + 2];
      sw += wt;
    }
    if (sw > 0) {
      img[i * 3] = s0 / sw;
      img[i * 3 + 1] = s1 / sw;
      img[i * 3 + 2] = s2 / sw;
    }
    ready[i] = 1;
    if (tw > 0) {
      tensor[i * 3] = a / tw;
      tensor[i * 3 + 1] = b / tw;
      tensor[i * 3 + 2] = cc / tw;
      hasTensor[i] = 1;
    }
  }
}

export const transportEngine: InpaintEngine = {
  id: 'transport',
  maxSide: 2048,
  async fill(crop, hole, _options, ctx) {
    throwIfAborted(ctx.signal);
    return transportFill(crop, hole);
  },
};
