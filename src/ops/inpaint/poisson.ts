// Gradient-domain completion (after Pérez et al. 2003 and Darabi et al.'s Image Melding,
// 2012): the hole's colours are solved from the gradients its patches propose, with the
// known pixels around it as the boundary. Copied patches keep their texture, but their
// brightness is decided by the surroundings, so a patch from a darker part of a sky leaves
// no blotch and two sources meeting inside the hole leave no seam.
//
// Conjugate gradients on the 4-neighbour Laplacian, in doubles with a fixed order of
// operations and a fixed stopping rule: the same bytes in every JavaScript host.
//
// The patches' differences need not add up (two sources meet, an edge is copied without the
// colour on its far side), and the solve integrates whatever they propose. Where the hole's
// edge holds it on every side that error is spread thin; where the hole reaches the frame,
// nothing holds it there, and a copied edge integrates into a colour that neither the
// surroundings nor the patches have (a bright green glow beside a red petal). So a solved
// pixel may not leave the range of those colours: one that does is held at the range's edge
// and the system solved again (a screened term on those pixels alone).

/**
 * The differences the fill should have to its 4 neighbours, per hole pixel and RGB channel:
 * `guide[(k * 4 + d) * 3 + c]` for the k-th hole pixel, direction d (0 right, 1 left, 2 down,
 * 3 up) and channel c, meaning value(pixel) - value(neighbour in direction d).
 */
export type Guide = Float32Array;

/** The solve stops once no channel's residual exceeds this (grey levels, RMS per pixel). */
const TOLERANCE = 0.05;

/** Grey levels a solved channel may pass the range of the copied and surrounding colours by. */
const RANGE_MARGIN = 4;
/** The pull that holds a pixel at the range's edge, against each neighbour difference's 1. */
const HOLD_WEIGHT = 16;
/** Solves again at most this many times for pixels newly out of range. */
const HOLD_ROUNDS = 2;

/**
 * Solves, in place, the RGB of the pixels listed in `holes` (indices into a w x h grid whose
 * `hole` flag is 1) of `img` (4 bytes per pixel) so that their differences to each neighbour
 * match `guide` in the least-squares sense, with every pixel outside the hole held fixed. The
 * starting guess is `init` (3 values per listed pixel) or else their current values. Neighbours outside the grid are
 * ignored; a hole with no known neighbour anywhere is left as it is. A pixel with a channel
 * more than RANGE_MARGIN outside the range that the listed pixels' current (copied) colours and
 * their known neighbours span is pulled back to that range's edge (HOLD_WEIGHT, HOLD_ROUNDS),
 * so none ends far outside it. Returns the iterations run.
 */
export function solvePoisson(
  img: Uint8ClampedArray,
  hole: Uint8Array,
  w: number,
  h: number,
  holes: Int32Array,
  guide: Guide,
  maxIterations: number,
  init?: Float64Array,
): number {
  const n = holes.length;
  if (!n) return 0;
  // Per hole pixel: its hole neighbours as hole indices (-1: none), its neighbour count, and
  // the right-hand side: guided differences plus the known neighbours' values.
  const nb = new Int32Array(n * 4).fill(-1);
  const deg = new Float64Array(n);
  const b = new Float64Array(n * 3);
  if (!buildSystem(img, hole, w, h, holes, guide, nb, deg, b)) return 0;
  const x = new Float64Array(n * 3);
  startingGuess(img, holes, init, x);
  let it = conjugateGradients(nb, deg, b, x, maxIterations);
  const range = colourRange(img, hole, w, h, holes);
  const held = new Uint8Array(n);
  for (let round = 0; round < HOLD_ROUNDS && holdInRange(x, range, held, deg, b); round++)
    it += conjugateGradients(nb, deg, b, x, maxIterations);
  for (let k = 0; k < n; k++) for (let c = 0; c < 3; c++) img[holes[k] * 4 + c] = Math.floor(x[k * 3 + c] + 0.5);
  return it;
}

// The solve's passes are functions of their own so that V8 optimises each loop once (one
// function with every loop was recompiled at each loop's on-stack replacement).

/** Fills `nb`, `deg` and `b` (see solvePoisson); whether any hole pixel has a known neighbour. */
function buildSystem(
  img: Uint8ClampedArray,
  hole: Uint8Array,
  w: number,
  h: number,
  holes: Int32Array,
  guide: Guide,
  nb: Int32Array,
  deg: Float64Array,
  b: Float64Array,
): boolean {
  const n = holes.length;
  const index = new Int32Array(w * h).fill(-1);
  for (let k = 0; k < n; k++) index[holes[k]] = k;
  let anchored = false;
  for (let k = 0; k < n; k++) {
    const i = holes[k];
    const x = i % w,
      y = (i - x) / w;
    for (let d = 0; d < 4; d++) {
      const j =
        d === 0 ? (x < w - 1 ? i + 1 : -1) : d === 1 ? (x > 0 ? i - 1 : -1) : d === 2 ? (y < h - 1 ? i + w : -1) : y > 0 ? i - w : -1;
      if (j < 0) continue;
      deg[k]++;
      for (let c = 0; c < 3; c++) b[k * 3 + c] += guide[(k * 4 + d) * 3 + c];
      if (hole[j]) nb[k * 4 + d] = index[j];
      else {
        anchored = true;
        for (let c = 0; c < 3; c++) b[k * 3 + c] += img[j * 4 + c];
      }
    }
  }
  return anchored;
}

/** `x` = `init`, or else the listed pixels' current RGB. */
function startingGuess(img: Uint8ClampedArray, holes: Int32Array, init: Float64Array | undefined, x: Float64Array): void {
  if (init) x.set(init.subarray(0, x.length));
  else for (let k = 0; k < holes.length; k++) for (let c = 0; c < 3; c++) x[k * 3 + c] = img[holes[k] * 4 + c];
}

/** Per channel, the least (0-2) and greatest (3-5) value of the listed pixels and their known 4-neighbours. */
function colourRange(img: Uint8ClampedArray, hole: Uint8Array, w: number, h: number, holes: Int32Array): Int32Array {
  const range = Int32Array.of(255, 255, 255, 0, 0, 0);
  for (let k = 0; k < holes.length; k++) {
    const i = holes[k];
    const x = i % w,
      y = (i - x) / w;
    widenRange(range, img, i);
    if (x < w - 1 && !hole[i + 1]) widenRange(range, img, i + 1);
    if (x > 0 && !hole[i - 1]) widenRange(range, img, i - 1);
    if (y < h - 1 && !hole[i + w]) widenRange(range, img, i + w);
    if (y > 0 && !hole[i - w]) widenRange(range, img, i - w);
  }
  return range;
}

function widenRange(range: Int32Array, img: Uint8ClampedArray, i: number): void {
  for (let c = 0; c < 3; c++) {
    const v = img[i * 4 + c];
    if (v < range[c]) range[c] = v;
    if (v > range[3 + c]) range[3 + c] = v;
  }
}

/**
 * Adds, for each pixel not yet `held` whose solution `x` has a channel more than RANGE_MARGIN
 * outside `range`, a pull of HOLD_WEIGHT towards its colour clamped into the range (to its
 * diagonal `deg` and right-hand side `b`), and marks it held. Returns whether any was added.
 */
function holdInRange(x: Float64Array, range: Int32Array, held: Uint8Array, deg: Float64Array, b: Float64Array): boolean {
  let added = false;
  for (let k = 0; k < held.length; k++) {
    if (held[k]) continue;
    const q = k * 3;
    let outside = false;
    for (let c = 0; c < 3; c++) outside ||= x[q + c] < range[c] - RANGE_MARGIN || x[q + c] > range[3 + c] + RANGE_MARGIN;
    if (!outside) continue;
    held[k] = 1;
    added = true;
    deg[k] += HOLD_WEIGHT;
    for (let c = 0; c < 3; c++) b[q + c] += HOLD_WEIGHT * Math.min(range[3 + c], Math.max(range[c], x[q + c]));
  }
  return added;
}

/**
 * Conjugate gradients from `x` (updated in place) for L x = b, three right-hand sides sharing
 * one matrix, solved side by side, each channel with its own CG scalars. Returns the iterations.
 */
function conjugateGradients(nb: Int32Array, deg: Float64Array, b: Float64Array, x: Float64Array, maxIterations: number): number {
  const n = deg.length;
  const r = new Float64Array(n * 3),
    p = new Float64Array(n * 3),
    ap = new Float64Array(n * 3);
  // Per channel: a dot product (v . Lv, or r . r after a step).
  const dots = new Float64Array(3);
  applyLaplacian(nb, deg, x, ap, dots);
  firstResidual(b, ap, r, p, dots);
  let rr0 = dots[0],
    rr1 = dots[1],
    rr2 = dots[2];
  const stop = TOLERANCE * TOLERANCE * n;
  let it = 0;
  for (; it < maxIterations && Math.max(rr0, rr1, rr2) > stop; it++) {
    applyLaplacian(nb, deg, p, ap, dots);
    const pap0 = dots[0],
      pap1 = dots[1],
      pap2 = dots[2];
    // A channel that has converged (rr = 0) takes no step.
    const a0 = pap0 > 0 ? rr0 / pap0 : 0,
      a1 = pap1 > 0 ? rr1 / pap1 : 0,
      a2 = pap2 > 0 ? rr2 / pap2 : 0;
    step(x, r, p, ap, a0, a1, a2, dots);
    const n0 = dots[0],
      n1 = dots[1],
      n2 = dots[2];
    const b0 = rr0 > 0 ? n0 / rr0 : 0,
      b1 = rr1 > 0 ? n1 / rr1 : 0,
      b2 = rr2 > 0 ? n2 / rr2 : 0;
    nextDirection(p, r, b0, b1, b2);
    rr0 = n0;
    rr1 = n1;
    rr2 = n2;
  }
  return it;
}

/** r = p = b - ap; `rr` = r . r per channel. */
function firstResidual(b: Float64Array, ap: Float64Array, r: Float64Array, p: Float64Array, rr: Float64Array): void {
  let rr0 = 0,
    rr1 = 0,
    rr2 = 0;
  for (let q = 0; q < r.length; q += 3) {
    r[q] = p[q] = b[q] - ap[q];
    r[q + 1] = p[q + 1] = b[q + 1] - ap[q + 1];
    r[q + 2] = p[q + 2] = b[q + 2] - ap[q + 2];
    rr0 += r[q] * r[q];
    rr1 += r[q + 1] * r[q + 1];
    rr2 += r[q + 2] * r[q + 2];
  }
  rr[0] = rr0;
  rr[1] = rr1;
  rr[2] = rr2;
}

/** x += a p, r -= a ap (a per channel); `rr` = the new r . r per channel. */
function step(
  x: Float64Array,
  r: Float64Array,
  p: Float64Array,
  ap: Float64Array,
  a0: number,
  a1: number,
  a2: number,
  rr: Float64Array,
): void {
  let n0 = 0,
    n1 = 0,
    n2 = 0;
  for (let q = 0; q < r.length; q += 3) {
    x[q] += a0 * p[q];
    x[q + 1] += a1 * p[q + 1];
    x[q + 2] += a2 * p[q + 2];
    r[q] -= a0 * ap[q];
    r[q + 1] -= a1 * ap[q + 1];
    r[q + 2] -= a2 * ap[q + 2];
    n0 += r[q] * r[q];
    n1 += r[q + 1] * r[q + 1];
    n2 += r[q + 2] * r[q + 2];
  }
  rr[0] = n0;
  rr[1] = n1;
  rr[2] = n2;
}

/** p = r + beta p (beta per channel). */
function nextDirection(p: Float64Array, r: Float64Array, b0: number, b1: number, b2: number): void {
  for (let q = 0; q < r.length; q += 3) {
    p[q] = r[q] + b0 * p[q];
    p[q + 1] = r[q + 1] + b1 * p[q + 1];
    p[q + 2] = r[q + 2] + b2 * p[q + 2];
  }
}

/**
 * out = L v for the hole's Laplacian (3 channels side by side), and into `dot` the
 * per-channel dot products v . out, summed in ascending pixel order as a separate pass would:
 * one sweep over the vectors instead of two, the same doubles.
 */
function applyLaplacian(nb: Int32Array, deg: Float64Array, v: Float64Array, out: Float64Array, dot: Float64Array): void {
  const n = deg.length;
  let d0 = 0,
    d1 = 0,
    d2 = 0;
  for (let k = 0; k < n; k++) {
    const dk = deg[k],
      q = k * 3;
    const v0 = v[q],
      v1 = v[q + 1],
      v2 = v[q + 2];
    let s0 = dk * v0,
      s1 = dk * v1,
      s2 = dk * v2;
    for (let d = k * 4, end = d + 4; d < end; d++) {
      const j = nb[d];
      if (j < 0) continue;
      const o = j * 3;
      s0 -= v[o];
      s1 -= v[o + 1];
      s2 -= v[o + 2];
    }
    out[q] = s0;
    out[q + 1] = s1;
    out[q + 2] = s2;
    d0 += v0 * s0;
    d1 += v1 * s1;
    d2 += v2 * s2;
  }
  dot[0] = d0;
  dot[1] = d1;
  dot[2] = d2;
}
