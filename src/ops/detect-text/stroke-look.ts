// The stroke looks: thin semi-transparent lettering over texture, as light (dark) strokes on
// black. A light overlay of opacity a lifts every pixel under a stroke by a (255 - I); where
// the strokes are 2-3 px wide (a light font) the lift is a ridge narrower than a small disc,
// which the white top-hat (luminance less its opening by that disc) keeps whole while it
// takes off everything wider: the photo's shading, sky, water, the rocks' faces. The black
// top-hat (closing less luminance) does the same for dark overlays. The min / max looks
// (looks.ts) erase such strokes (their 3 x 3 filter at half scale is wider than the stroke);
// local normalisation breaks them into fragments. The top-hat is amplified and clipped, so
// a 45% white stroke over mid-grey rock (a lift of ~55 levels) reads as near-white ink.
// The texture's own narrow highlights (twigs, veins, glints) show too, mostly as short
// marks the detector does not join into lines; detect.ts keeps a stroke look's box only
// when it is line-shaped, sure (score >= 0.9) and absent from the other polarity's look.
// Gain 4, radius 3: of the held-out watermarks (`npm run eval -- detect <dir> --synthetic`)
// they found 57 of 80, as gain 3 with radius 3 or 2 did (radius 2, gain 4: 55), and 21 of
// 30 thin watermarks placed on five other wallpapers (gain 3: 20). The integrator's probe
// found a locally normalised top-hat broke strokes into fragments.

/** Disc radius (detector pixels) of the opening / closing: wider than a light font's stroke at the fine level, narrower than a bold one's. */
export const STROKE_RADIUS = 3;

/** Grey levels out per level of lift: a 64-level lift (a 45% white over mid-grey) is white. */
export const STROKE_GAIN = 4;

/** Half widths of the rows of a disc of radius r (row dy = -r..r), the discrete disc x^2 + y^2 <= r^2 + r. */
function discRows(r: number): number[] {
  return Array.from({ length: 2 * r + 1 }, (_, i) => Math.floor(Math.sqrt(r * r + r - (i - r) ** 2)));
}

/** The minimum (max = false) or maximum along rows over half width k, clipped to the row. */
function rowRank(src: Float32Array, w: number, h: number, k: number, max: boolean): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const from = row + Math.max(0, x - k),
        to = row + Math.min(w - 1, x + k);
      let v = src[from];
      if (max) for (let j = from + 1; j <= to; j++) v = src[j] > v ? src[j] : v;
      else for (let j = from + 1; j <= to; j++) v = src[j] < v ? src[j] : v;
      out[row + x] = v;
    }
  }
  return out;
}

/** Minimum (or maximum) over the disc of radius r, clipped to the plane: one row pass per half width, then the disc's rows combined. */
export function discRank(src: Float32Array, w: number, h: number, r: number, max: boolean): Float32Array {
  const halves = discRows(r);
  const byHalf = new Map<number, Float32Array>();
  for (const k of new Set(halves)) byHalf.set(k, rowRank(src, w, h, k, max));
  const rows = halves.map((k) => byHalf.get(k)!);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    out.set(rows[r].subarray(row, row + w), row);
    for (let dy = -r; dy <= r; dy++) {
      const yy = y + dy;
      if (dy === 0 || yy < 0 || yy >= h) continue;
      const plane = rows[dy + r];
      const from = yy * w;
      if (max) for (let x = 0; x < w; x++) out[row + x] = plane[from + x] > out[row + x] ? plane[from + x] : out[row + x];
      else for (let x = 0; x < w; x++) out[row + x] = plane[from + x] < out[row + x] ? plane[from + x] : out[row + x];
    }
  }
  return out;
}

/**
 * The stroke look of a luminance plane (0..255): STROKE_GAIN x the white top-hat (`light`)
 * or the black top-hat, clipped to 0..255.
 */
export function strokePlane(lum: Float32Array, w: number, h: number, light: boolean): Float32Array {
  const r = STROKE_RADIUS;
  const smooth = light ? discRank(discRank(lum, w, h, r, false), w, h, r, true) : discRank(discRank(lum, w, h, r, true), w, h, r, false);
  const out = new Float32Array(lum.length);
  for (let i = 0; i < lum.length; i++) {
    const rise = light ? lum[i] - smooth[i] : smooth[i] - lum[i];
    out[i] = Math.min(255, Math.max(0, STROKE_GAIN * rise));
  }
  return out;
}
