// Extra "looks" at a photo for the detector: grey images in which faint overlays become
// high-contrast text. A semi-transparent overlay of colour k at opacity a turns a pixel I
// into I + a (k - I): a smooth offset that the network, trained on opaque text, does not
// answer to when it is small beside the photo's own contrast. Two things make it stand out:
// - a feature in which the offset is large and the photo varies little. A saturated overlay
//   moves the colour-opponent channels (yellow-blue, red-green), where natural photos vary
//   far less than in luminance, so a coloured watermark over a busy scene is clearer there;
// - local contrast normalisation (subtract a local mean, divide by the local deviation):
//   faint text over a plain area becomes as contrasted as ink, whatever its polarity.
// Each look is computed on the detector's own resampled planes (so radii are in detector
// pixels, the same for every photo size) and fed as grey in all three channels.

/** A look: how a grey feature plane is made from the R, G, B planes. */
export type Look = 'yellow-blue' | 'red-green' | 'luminance';

/**
 * The looks detection uses by default: the two colour-opponent axes. Luminance, locally
 * normalised, found no more text than the photo itself on dev or the held-out set and
 * added false boxes on textured areas (`npm run eval -- detect <dir> --looks luminance`).
 */
export const LOOKS: readonly Look[] = ['yellow-blue', 'red-green'];
export const ALL_LOOKS: readonly Look[] = ['yellow-blue', 'red-green', 'luminance'];

/** Radius (detector pixels) of the local mean and deviation: about two text lines at the detector's best scale. */
const RADIUS = 24;
/** Deviation floor (grey levels): flat areas keep their noise small rather than amplified to full contrast. */
const DEVIATION_FLOOR = 4;
/** Grey levels per local standard deviation in the output: +-3.2 sigma spans 0..255. */
const LEVELS_PER_SIGMA = 40;
/** A look whose feature varies less than this (grey levels, whole view) carries no overlay: a grey photo's chroma. */
export const MIN_SPREAD = 2;

function feature(look: Look, r: Float32Array, g: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(r.length);
  for (let i = 0; i < r.length; i++) {
    out[i] = look === 'yellow-blue' ? (r[i] + g[i]) / 2 - b[i] : look === 'red-green' ? r[i] - g[i] : 0.299 * r[i] + 0.587 * g[i] + 0.114 * b[i];
  }
  return out;
}

/** Mean over the (2 radius + 1)^2 window clipped to the plane, by running sums (O(n) whatever the radius). */
export function boxMean(src: Float32Array, w: number, h: number, radius: number): Float32Array {
  const rows = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let sum = 0;
    for (let x = 0; x <= Math.min(radius, w - 1); x++) sum += src[row + x];
    for (let x = 0; x < w; x++) {
      rows[row + x] = sum / (Math.min(w - 1, x + radius) - Math.max(0, x - radius) + 1);
      if (x + radius + 1 < w) sum += src[row + x + radius + 1];
      if (x - radius >= 0) sum -= src[row + x - radius];
    }
  }
  const out = new Float32Array(w * h);
  for (let x = 0; x < w; x++) {
    let sum = 0;
    for (let y = 0; y <= Math.min(radius, h - 1); y++) sum += rows[y * w + x];
    for (let y = 0; y < h; y++) {
      out[y * w + x] = sum / (Math.min(h - 1, y + radius) - Math.max(0, y - radius) + 1);
      if (y + radius + 1 < h) sum += rows[(y + radius + 1) * w + x];
      if (y - radius >= 0) sum -= rows[(y - radius) * w + x];
    }
  }
  return out;
}

/** Standard deviation of a plane (grey levels). */
function spread(f: Float32Array): number {
  let s = 0, s2 = 0;
  for (const v of f) {
    s += v;
    s2 += v * v;
  }
  const m = s / f.length;
  return Math.sqrt(Math.max(0, s2 / f.length - m * m));
}

/**
 * The look's grey plane (0..255) from R, G, B planes of w x h, or undefined when the
 * feature is flat over the whole view (nothing an overlay could have changed).
 */
export function lookPlane(look: Look, [r, g, b]: Float32Array[], w: number, h: number): Float32Array | undefined {
  const f = feature(look, r, g, b);
  if (spread(f) < MIN_SPREAD) return undefined;
  const mean = boxMean(f, w, h, RADIUS);
  const sq = new Float32Array(f.length);
  for (let i = 0; i < f.length; i++) sq[i] = (f[i] - mean[i]) ** 2;
  const variance = boxMean(sq, w, h, RADIUS);
  const out = new Float32Array(f.length);
  for (let i = 0; i < f.length; i++) {
    const z = (f[i] - mean[i]) / (Math.sqrt(variance[i]) + DEVIATION_FLOOR);
    out[i] = Math.min(255, Math.max(0, 128 + LEVELS_PER_SIGMA * z));
  }
  return out;
}
