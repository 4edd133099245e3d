// Background that runs through a line of text from end to end. A caption printed along a
// guard rail, a horizon or a shelf edge has that band inside its box over its whole length,
// while the ring above and below the box (text-mask.ts) shows none of it: by the ring alone
// the band's colours are "much commoner inside the box" and were taken as text, and the fill
// repainted the rail under the letters (a red "Weekend sale" on a rail, in the wider set built
// with another seed: 12.1 dB in its box, Telea 13.5; the rail broken for the caption's length).
// Such a band leaves the box past both of its ends, smooth along each row there and in about
// the same colour at both, on a slope where it runs in perspective. A pixel inside the box
// that has the band's colour where it passes (the two ends' colours, interpolated along the
// line, a few rows either way) is the band's, not the text's. With it that box reads 22.8 dB
// and the rail runs on; nothing else changed on the dev, wider or held-out sets.
import type { Box, RgbaImage } from '../../core/types.ts';

/** A band may rise or fall this many pixels between the box's ends and a pixel inside it. */
const ROW_SLACK = 2;

/**
 * Colour distance (RGB, Euclidean) within which a pixel has the band's colour and a row of
 * an end piece is smooth. Text that close to what it covers is hardly legible; the wider
 * set's near-black "Golden hour" over a dark field differs from it by about twice this.
 */
const SAME = 12;
/** The two ends' colours of one band row differ by at most this (light and shade along it). */
const ENDS_AGREE = 40;

/**
 * Per row (column, for an upright line) of an end piece: its mean colour, or NaN where the
 * piece is not smooth along that row (texture, not a band).
 */
function endColours(img: RgbaImage, piece: Box, horizontal: boolean): Float32Array {
  const across = horizontal ? piece[3] - piece[1] : piece[2] - piece[0];
  const along = horizontal ? piece[2] - piece[0] : piece[3] - piece[1];
  const out = new Float32Array(3 * across);
  const d = img.data;
  const at = (a: number, s: number) =>
    (horizontal ? (piece[1] + a) * img.width + piece[0] + s : (piece[1] + s) * img.width + piece[0] + a) * 4;
  for (let a = 0; a < across; a++) {
    const mean = [0, 0, 0];
    for (let s = 0; s < along; s++) for (let c = 0; c < 3; c++) mean[c] += d[at(a, s) + c] / along;
    let smooth = true;
    for (let s = 0; s < along && smooth; s++) {
      const p = at(a, s);
      smooth = (d[p] - mean[0]) ** 2 + (d[p + 1] - mean[1]) ** 2 + (d[p + 2] - mean[2]) ** 2 <= SAME * SAME;
    }
    for (let c = 0; c < 3; c++) out[3 * a + c] = smooth ? mean[c] : NaN;
  }
  return out;
}

/** How far apart the first end's row r0 and the second's row r1 are in colour. */
function endsApart(a0: Float32Array, a1: Float32Array, r0: number, r1: number): number {
  return Math.hypot(a1[3 * r1] - a0[3 * r0], a1[3 * r1 + 1] - a0[3 * r0 + 1], a1[3 * r1 + 2] - a0[3 * r0 + 2]);
}

/** Whether row r0 of the first end and row r1 of the second are both smooth and agree (one band's rows). */
function sameBand(a0: Float32Array, a1: Float32Array, r0: number, r1: number, across: number): boolean {
  if (r0 < 0 || r1 < 0 || r0 >= across || r1 >= across || Number.isNaN(a0[3 * r0]) || Number.isNaN(a1[3 * r1])) return false;
  return endsApart(a0, a1, r0, r1) <= ENDS_AGREE;
}

/** At least this share of the rows must be smooth at both ends, at the band's shift, to show a band. */
const MIN_MATCHED = 0.5;

/**
 * The shift (rows from the first end to the second) at which the two ends' smooth rows agree
 * best: a band crossing the box on a slope (a rail in perspective) leaves it rows lower or
 * higher than it came in. Null when no shift matches MIN_MATCHED of the rows within ENDS_AGREE.
 */
function bandShift(a0: Float32Array, a1: Float32Array, across: number): number | null {
  let best: number | null = null,
    bestCost = Infinity;
  const most = Math.floor(across / 2);
  for (let shift = -most; shift <= most; shift++) {
    let matched = 0,
      cost = 0;
    for (let a = 0; a < across; a++) {
      if (!sameBand(a0, a1, a, a + shift, across)) continue;
      matched++;
      cost += endsApart(a0, a1, a, a + shift);
    }
    if (matched < MIN_MATCHED * across) continue;
    // Mean distance over the matched rows, with the unmatched ones counted at ENDS_AGREE.
    const mean = (cost + (across - matched) * ENDS_AGREE) / across;
    if (mean < bestCost) {
      bestCost = mean;
      best = shift;
    }
  }
  return best;
}

/**
 * Per pixel of `inner` (row-major), 1 where it has the colour of a band that runs through
 * the box: the two end pieces of the ring between `inner` and `outer` show the band (their
 * smooth rows agree at one shift, bandShift), and within ROW_SLACK rows (columns, for an
 * upright line) of where that band passes the pixel, the ends' colours interpolated to its
 * place along the line lie within SAME of its own. All 0 when the ring has no piece past one
 * of the ends (a box at the photo's edge) or the ends show no band.
 */
export function throughBands(img: RgbaImage, inner: Box, outer: Box): Uint8Array {
  const iw = inner[2] - inner[0],
    ih = inner[3] - inner[1];
  const through = new Uint8Array(iw * ih);
  const horizontal = iw >= ih;
  const [first, second]: Box[] = horizontal
    ? [
        [outer[0], inner[1], inner[0], inner[3]],
        [inner[2], inner[1], outer[2], inner[3]],
      ]
    : [
        [inner[0], outer[1], inner[2], inner[1]],
        [inner[0], inner[3], inner[2], outer[3]],
      ];
  if (first[2] <= first[0] || first[3] <= first[1] || second[2] <= second[0] || second[3] <= second[1]) return through;
  const a0 = endColours(img, first, horizontal),
    a1 = endColours(img, second, horizontal);
  const across = horizontal ? ih : iw,
    along = horizontal ? iw : ih;
  const shift = bandShift(a0, a1, across);
  if (shift === null) return through;
  const d = img.data;
  for (let a = 0; a < across; a++) {
    for (let s = 0; s < along; s++) {
      const k = horizontal ? a * iw + s : s * iw + a;
      const p = ((inner[1] + Math.floor(k / iw)) * img.width + inner[0] + (k % iw)) * 4;
      const t = (s + 0.5) / along;
      // The band through this pixel left the first end at row a - t shift, the second at a + (1 - t) shift.
      const b0 = Math.round(a - t * shift),
        b1 = Math.round(a + (1 - t) * shift);
      for (let e = -ROW_SLACK; e <= ROW_SLACK && !through[k]; e++) {
        const r0 = b0 + e,
          r1 = b1 + e;
        if (!sameBand(a0, a1, r0, r1, across)) continue;
        let dist = 0;
        for (let c = 0; c < 3; c++) dist += (d[p + c] - ((1 - t) * a0[3 * r0 + c] + t * a1[3 * r1 + c])) ** 2;
        if (dist <= SAME * SAME) through[k] = 1;
      }
    }
  }
  return through;
}
