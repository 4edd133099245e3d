// Relaxation along the isophotes, after coherence transport: each hole pixel becomes the
// weighted mean of its 8 neighbours (known or filled), with the same weights transport uses
// (a neighbour off the isophote through the pixel counts less, by the coherence there), swept
// Gauss-Seidel a fixed number of times. Transport fills each pixel once from upstream pixels
// only, which leaves streaks along its fill order and whatever direction the first ring had;
// the relaxation lets both sides of the hole agree, like the diffusion fill's Laplace
// sweeps, yet across an edge a pixel still takes its colour from along the edge, so edges
// stay sharp. Where nothing has a direction (coherence 0) it is the isotropic mean, so on flat
// surroundings it is the diffusion fill.
//
// Only + - * / in a fixed order: the same bytes in every JavaScript host.

/** A pixel's fill direction, as transport measured it (see transport.ts). */
export interface Isophotes {
  /** cos 2t, sin 2t of the strongest gradient's angle t, per pixel of the window. */
  cos2: Float32Array;
  sin2: Float32Array;
  /** ((l1 - l2) / (l1 + l2))^2 of the structure tensor, 0..1: 0 where there is no direction. */
  coherence: Float32Array;
}

const NX = [1, -1, 0, 0, 1, 1, -1, -1];
const NY = [0, 0, 1, -1, 1, -1, 1, -1];

/**
 * Sweeps `sweeps` times over `order` (hole pixels of the w x h window, in that order), setting
 * each to the mean of its neighbours in `img` (RGB floats, 3 per pixel) weighted by 1 (4
 * neighbours) or 1/2 (diagonals) over (1 + sharpness * coherence * d^2)^2, d the neighbour's
 * distance from the pixel's isophote.
 */
export function relaxAlongIsophotes(
  img: Float32Array,
  w: number,
  h: number,
  order: Int32Array,
  dir: Isophotes,
  sharpness: number,
  sweeps: number,
): void {
  const n = order.length;
  // Each pixel's neighbours and normalised weights, found once (they do not change).
  const nb = new Int32Array(8 * n);
  const wt = new Float64Array(8 * n);
  neighbourWeights(w, h, order, dir, sharpness, nb, wt);
  relax(img, order, nb, wt, sweeps);
}

// relaxAlongIsophotes' two loops are functions of their own so that V8 optimises each once.

function neighbourWeights(
  w: number,
  h: number,
  order: Int32Array,
  dir: Isophotes,
  sharpness: number,
  nb: Int32Array,
  wt: Float64Array,
): void {
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const x = i % w,
      y = (i - x) / w;
    let sum = 0;
    for (let m = 0; m < 8; m++) {
      const dx = NX[m],
        dy = NY[m];
      if (x + dx < 0 || y + dy < 0 || x + dx >= w || y + dy >= h) {
        nb[8 * k + m] = i;
        continue;
      }
      const across = (dx * dx + dy * dy + (dx * dx - dy * dy) * dir.cos2[i] + 2 * dx * dy * dir.sin2[i]) / 2;
      const f = 1 + sharpness * dir.coherence[i] * across;
      const v = (m < 4 ? 1 : 0.5) / (f * f);
      nb[8 * k + m] = i + dy * w + dx;
      wt[8 * k + m] = v;
      sum += v;
    }
    for (let m = 0; m < 8; m++) wt[8 * k + m] /= sum;
  }
}

function relax(img: Float32Array, order: Int32Array, nb: Int32Array, wt: Float64Array, sweeps: number): void {
  for (let s = 0; s < sweeps; s++)
    for (let k = 0; k < order.length; k++) {
      let r = 0,
        g = 0,
        b = 0;
      for (let m = 8 * k; m < 8 * k + 8; m++) {
        const j = 3 * nb[m],
          v = wt[m];
        r += v * img[j];
        g += v * img[j + 1];
        b += v * img[j + 2];
      }
      const i = 3 * order[k];
      img[i] = r;
      img[i + 1] = g;
      img[i + 2] = b;
    }
}
