// How much a semi-transparent overlay a stroke wide lifts each pixel (overlay-seeds.ts): the
// white top-hat (luma less its opening by a square about a stroke wide) for light overlays,
// the black top-hat for dark ones, each as a share of the room to white (black), which is
// the overlay's opacity wherever its strokes lie; and the lift the background's own texture
// reaches in the ring around the box, the threshold a pixel must pass to count as lifted.
import type { Box, RgbaImage } from '../../core/types.ts';
import { squareClosing, squareOpening } from './square-filter.ts';

/** The structuring square's half side, as a share of the line height: about a bold stroke. */
const STROKE_PER_HEIGHT = 0.12;

/** The structuring square's half side for a line `height` pixels high. */
export function strokeRadius(height: number): number {
  return Math.round(height * STROKE_PER_HEIGHT);
}

/** Ring pixels above the threshold: the background's own ridges stay below it but for this share. */
const RING_QUANTILE = 0.99;

/** A side of the ring with fewer pixels than this (clipped by the image) sets no threshold. */
const MIN_SIDE_PIXELS = 40;

/** A lift is never taken below this many grey levels (flat, noiseless rings). */
const MIN_LIFT = 6;

/** The room to white (black) is taken as at least this many grey levels: near white, noise is no overlay. */
const MIN_ROOM = 32;

/** Lines of at least this many parts (lineParts) are judged part by part (localThresholds). */
export const LONG_LINE_PARTS = 2;

/** Parts of the line judged apart (as textPixels's segments), in line heights. */
const SEGMENT_PER_HEIGHT = 3;

function quantile(values: Float32Array, q: number): number {
  if (!values.length) return Infinity;
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.floor(q * (sorted.length - 1))];
}

/** The window overlaySeeds measures in: the ring and room for the square, so its edges do not shape the measure. */
export function windowOf(img: RgbaImage, outer: Box, r: number): Box {
  return [Math.max(0, outer[0] - r), Math.max(0, outer[1] - r), Math.min(img.width, outer[2] + r), Math.min(img.height, outer[3] + r)];
}

/**
 * Per pixel of window `win` (its luma `l`, windowLuma: one plane for both polarities), the lift by a light (dark) overlay;
 * per pixel of `inner` the threshold from the ring (localThresholds) and whether it is lifted
 * past it (0/1).
 */
export function lifts(
  l: Float32Array,
  win: Box,
  inner: Box,
  outer: Box,
  r: number,
  light: boolean,
): { lift: Float32Array; threshold: Float32Array; lifted: Uint8Array } {
  const w = win[2] - win[0],
    h = win[3] - win[1];
  const iw = inner[2] - inner[0];
  const at = (x: number, y: number) => (y - win[1]) * w + x - win[0];
  const flat = light ? squareOpening(l, w, h, r) : squareClosing(l, w, h, r);
  // The lift as a share of the room the overlay had (up to white, down to black): a white
  // or black overlay of opacity a lifts every pixel by a of it, over dark and light
  // backgrounds alike. 0 below MIN_LIFT grey levels.
  const lift = new Float32Array(w * h);
  for (let k = 0; k < w * h; k++) {
    const rise = light ? l[k] - flat[k] : flat[k] - l[k];
    lift[k] = rise < MIN_LIFT ? 0 : rise / Math.max(MIN_ROOM, light ? 255 - flat[k] : flat[k]);
  }
  const threshold = localThresholds(lift, at, inner, outer);
  const lifted = new Uint8Array(threshold.length);
  for (let y = inner[1]; y < inner[3]; y++)
    for (let x = inner[0]; x < inner[2]; x++) {
      const b = (y - inner[1]) * iw + x - inner[0];
      lifted[b] = lift[at(x, y)] > threshold[b] ? 1 : 0;
    }
  return { lift, threshold, lifted };
}

/**
 * Per pixel of `inner` (row-major), the lift a pixel must exceed to be lifted: in each part
 * of the line (as alongLine's), the RING_QUANTILE of the lift over the ring on either side
 * of that part (widened by a line height), the quieter side's. What lies beside a line
 * changes along it and from one side to the other (bright seed filaments below a watermark,
 * plain orange above it), and one side's texture would set a threshold above the overlay's
 * own lift. Texture this lets through inside the box is refused by the overlay's fit and
 * its running along the line (overlayOf). A side clipped away leaves the other; both, the
 * whole ring.
 */
function localThresholds(lift: Float32Array, at: (x: number, y: number) => number, inner: Box, outer: Box): Float32Array {
  const iw = inner[2] - inner[0],
    ih = inner[3] - inner[1];
  const horizontal = iw >= ih;
  const long = horizontal ? iw : ih,
    short = horizontal ? ih : iw;
  const parts = lineParts(iw, ih);
  const out = new Float32Array(iw * ih);
  // The RING_QUANTILE of the lifts over the pixels of `box` outside `inner`; Infinity for fewer than `least`.
  const ringQuantile = (box: Box, least: number): number => {
    const values: number[] = [];
    for (let y = box[1]; y < box[3]; y++)
      for (let x = box[0]; x < box[2]; x++) if (x < inner[0] || x >= inner[2] || y < inner[1] || y >= inner[3]) values.push(lift[at(x, y)]);
    return values.length >= least ? quantile(Float32Array.from(values), RING_QUANTILE) : Infinity;
  };
  const whole = ringQuantile(outer, 1);
  // A short line is judged against its whole ring: whether its seeds run along it tells
  // little (alongLine), and on the wider set a false box over dark leaves passed so.
  if (parts < LONG_LINE_PARTS) return out.fill(whole);
  for (let p = 0; p < parts; p++) {
    const a0 = Math.floor((p * long) / parts),
      a1 = Math.floor(((p + 1) * long) / parts);
    // Across the line from a0 - short to a1 + short, each side of the line.
    const from = (horizontal ? inner[0] : inner[1]) + a0 - short,
      to = (horizontal ? inner[0] : inner[1]) + a1 + short;
    const sides: Box[] = horizontal
      ? [
          [Math.max(outer[0], from), outer[1], Math.min(outer[2], to), inner[1]],
          [Math.max(outer[0], from), inner[3], Math.min(outer[2], to), outer[3]],
        ]
      : [
          [outer[0], Math.max(outer[1], from), inner[0], Math.min(outer[3], to)],
          [inner[2], Math.max(outer[1], from), outer[2], Math.min(outer[3], to)],
        ];
    const quieter = Math.min(...sides.map((side) => ringQuantile(side, MIN_SIDE_PIXELS)));
    const t = Number.isFinite(quieter) ? quieter : whole;
    for (let a = a0; a < a1; a++) for (let b = 0; b < short; b++) out[horizontal ? b * iw + a : a * iw + b] = t;
  }
  return out;
}

/** How many parts, SEGMENT_PER_HEIGHT line heights long, alongLine judges an iw x ih line in. */
export function lineParts(iw: number, ih: number): number {
  return Math.max(1, Math.round(Math.max(iw, ih) / (SEGMENT_PER_HEIGHT * Math.min(iw, ih))));
}
