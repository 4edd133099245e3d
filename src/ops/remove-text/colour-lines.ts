// The colour and opacity of a one-colour watermark from where its colour lines meet. Under
// text of opacity a and colour C each pixel is I = (1 - a) B + a C: C lies on the ray from its
// background B through I, at B + (I - B) / a. With B taken as the nearest background pixel,
// every text pixel's ray is sampled evenly over the plausible opacities and votes for the
// colour cells it crosses; C is where most rays cross (found in coarse cells, then in fine
// ones around the coarse peak), and a is read along the rays that pass it. Unlike the spread
// and mean of the text pixels (estimateFromPairs) this does not need the mask to hold whole
// text only: background or another object caught by it votes elsewhere, anti-aliased edges
// (less coverage: a smaller a) still point at C, and a noisy B turns a ray without moving
// the crossing.
import { MAX_OPACITY, MIN_OPACITY } from './unblend.ts';

/** Pairs whose text and background pixels differ by less than this (RGB distance) point nowhere. */
const MIN_STEP = 8;

/** The colours voted for: each channel from -SLACK to 255 + SLACK. */
const SLACK = 32;

/** Coarse cells (levels per channel), then fine cells over the coarse peak's neighbours. */
const COARSE = 16;
const FINE = 4;

/** Fewer voters than this give no estimate. */
const MIN_VOTERS = 40;

/** A ray passes the colour when it comes this close to it (levels). */
const PASSES = 12;

/** A cube of colour cells: its low corner, cell size and cells per side. */
interface Grid {
  low: number[];
  cell: number;
  side: number;
}

/**
 * The watermark's colour and opacity voted for by the text pixels `core` of `data` (RGBA), each
 * with the index of its nearest background pixel in `near`; null when too few pixels differ
 * from their background or pass the winning colour.
 */
export function blendFromColourLines(
  data: Uint8ClampedArray,
  core: readonly number[],
  near: Int32Array,
): { alpha: number; colour: number[] } | null {
  const voters = core.filter((i) => distance(data, i * 4, near[i] * 4) >= MIN_STEP);
  if (voters.length < MIN_VOTERS) return null;
  const coarse: Grid = { low: [-SLACK, -SLACK, -SLACK], cell: COARSE, side: Math.ceil((256 + 2 * SLACK) / COARSE) };
  const rough = peak(data, voters, near, coarse);
  const fine: Grid = { low: rough.map((v) => v - 1.5 * COARSE), cell: FINE, side: (3 * COARSE) / FINE };
  const colour = peak(data, voters, near, fine);
  // The opacity: the median share of the way to the colour of the text pixels whose rays pass it.
  const shares: number[] = [];
  for (let v = 0; v < voters.length; v++) {
    const i = voters[v];
    const p = i * 4,
      b = near[i] * 4;
    if (!passes(data, p, b, colour)) continue;
    let num = 0,
      den = 0;
    for (let c = 0; c < 3; c++) {
      num += (data[p + c] - data[b + c]) * (colour[c] - data[b + c]);
      den += (colour[c] - data[b + c]) ** 2;
    }
    if (den > 0) shares.push(num / den);
  }
  if (shares.length < MIN_VOTERS) return null;
  shares.sort((x, y) => x - y);
  return { alpha: shares[shares.length >> 1], colour };
}

/**
 * The centre of the cell of `grid` that most rays cross, counting each cell with its 26
 * neighbours. Each ray from a voter's background through it is sampled every half cell
 * from opacity MAX_OPACITY to MIN_OPACITY, so a ray counts about equally per cell it crosses.
 */
function peak(data: Uint8ClampedArray, voters: readonly number[], near: Int32Array, grid: Grid): number[] {
  const { low, cell, side } = grid;
  const votes = new Float32Array(side * side * side);
  const tMin = 1 / MAX_OPACITY,
    tMax = 1 / MIN_OPACITY;
  for (let v = 0; v < voters.length; v++) {
    const i = voters[v];
    const p = i * 4,
      b = near[i] * 4;
    const n = Math.ceil((distance(data, p, b) * (tMax - tMin)) / (cell / 2));
    for (let k = 0; k <= n; k++) {
      const t = tMin + ((tMax - tMin) * k) / n;
      const r = Math.floor((data[b] + (data[p] - data[b]) * t - low[0]) / cell),
        g = Math.floor((data[b + 1] + (data[p + 1] - data[b + 1]) * t - low[1]) / cell),
        bl = Math.floor((data[b + 2] + (data[p + 2] - data[b + 2]) * t - low[2]) / cell);
      if (r >= 0 && g >= 0 && bl >= 0 && r < side && g < side && bl < side) votes[(r * side + g) * side + bl]++;
    }
  }
  let best = -1,
    at = 0;
  for (let c = 0; c < votes.length; c++) {
    if (!votes[c]) continue;
    const sum = neighbourhood(votes, side, c);
    if (sum > best) {
      best = sum;
      at = c;
    }
  }
  return [Math.floor(at / (side * side)), Math.floor(at / side) % side, at % side].map((k, c) => low[c] + (k + 0.5) * cell);
}

/** Sum of the votes in cell `c` and its 26 neighbours. */
function neighbourhood(votes: Float32Array, side: number, c: number): number {
  const r = Math.floor(c / (side * side)),
    g = Math.floor(c / side) % side,
    b = c % side;
  let sum = 0;
  for (let dr = -1; dr <= 1; dr++)
    for (let dg = -1; dg <= 1; dg++)
      for (let db = -1; db <= 1; db++) {
        const rr = r + dr,
          gg = g + dg,
          bb = b + db;
        if (rr >= 0 && gg >= 0 && bb >= 0 && rr < side && gg < side && bb < side) sum += votes[(rr * side + gg) * side + bb];
      }
  return sum;
}

/** Whether the ray from background `b` through text pixel `p` passes within PASSES of `point`, beyond p. */
function passes(data: Uint8ClampedArray, p: number, b: number, point: number[]): boolean {
  let num = 0,
    den = 0;
  for (let c = 0; c < 3; c++) {
    const d = data[p + c] - data[b + c];
    num += (point[c] - data[b + c]) * d;
    den += d * d;
  }
  const t = num / den;
  if (!(t >= 1)) return false;
  let miss = 0;
  for (let c = 0; c < 3; c++) miss += (data[b + c] + (data[p + c] - data[b + c]) * t - point[c]) ** 2;
  return miss <= PASSES * PASSES;
}

function distance(data: Uint8ClampedArray, p: number, q: number): number {
  return Math.sqrt((data[p] - data[q]) ** 2 + (data[p + 1] - data[q + 1]) ** 2 + (data[p + 2] - data[q + 2]) ** 2);
}
