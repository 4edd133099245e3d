// Straight edges that cross a hole (issue #11): found on the ring of known pixels around it,
// kept only where the same edge, on one line, with the same polarity and the same colours on
// either side, enters the hole on one side and leaves it on the other. Candidates come from a
// Hough vote of the ring's gradient pixels (each votes near its own gradient direction); each
// is then refitted to sub-pixel edge positions measured across the line on both sides and
// checked there. Everything is plain arithmetic in a fixed order, so every host gives the
// same lines.
import { HOLE_THRESHOLD, squaredDistanceTo } from '../../core/mask-ops.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';

/** Sub-pixel sampling of a crop's luma and colour where the hole is not. */
export interface Sampler {
  w: number;
  h: number;
  /** Luma 0..255, one byte per pixel. */
  luma: Uint8Array;
  rgba: Uint8ClampedArray;
  /** 1 where the pixel is a hole pixel. */
  hole: Uint8Array;
}

/**
 * A straight edge: on the line x * cos(theta) + y * sin(theta) = rho, luma rises along the
 * normal n = (cos, sin). Points on it are rho * n + t * d with d = (-sin, cos).
 */
export interface Edge {
  theta: number;
  rho: number;
  /** The hole's span along the line: its first and last hole pixel in t. */
  from: number;
  to: number;
  /** Mean luma step across the edge (positive). */
  contrast: number;
}

export interface EdgeParams {
  /** Known pixels within this distance of the hole form the ring the edges are read on. */
  ring: number;
  /** Fewest edge measurements on each side of the hole (pixels along the line). */
  minSupport: number;
  /** Weakest luma step across an edge that counts (0..255). */
  minContrast: number;
}

export const DEFAULT_EDGE_PARAMS: EdgeParams = { ring: 32, minSupport: 12, minContrast: 24 };

const THETA_BINS = 720; // 0.5 degree over the full turn (polarity is part of the angle)
const VOTE_SPREAD = 3; // each pixel votes +-1.5 degrees around its gradient direction
const MIN_GRADIENT = 6; // luma per pixel (Sobel / 8): weaker pixels do not vote
const MAX_CANDIDATES = 48;
/** Half-length of the luma profile read across a line to place its edge, pixels. */
const PROFILE_REACH = 3;
/** A measured edge farther than this from the fitted line is not on it. */
const ON_LINE = 1.25;
/** Share of the measured positions on a side that must lie on the line. */
const MIN_ON_LINE_SHARE = 0.75;

export function makeSampler(crop: RgbaImage, holeMask: Mask): Sampler {
  const { width: w, height: h, data } = crop;
  const luma = new Uint8Array(w * h);
  const hole = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) {
    luma[i] = (data[i * 4] * 77 + data[i * 4 + 1] * 150 + data[i * 4 + 2] * 29 + 128) >> 8;
    hole[i] = holeMask.data[i] >= HOLE_THRESHOLD ? 1 : 0;
  }
  return { w, h, luma, rgba: data, hole };
}

/** Bilinear luma at (x, y), or -1 when any of the four pixels is outside or in the hole. */
export function lumaAt(s: Sampler, x: number, y: number): number {
  const x0 = Math.floor(x),
    y0 = Math.floor(y);
  if (x0 < 0 || y0 < 0 || x0 + 1 >= s.w || y0 + 1 >= s.h) return -1;
  const i = y0 * s.w + x0;
  if (s.hole[i] | s.hole[i + 1] | s.hole[i + s.w] | s.hole[i + s.w + 1]) return -1;
  const fx = x - x0,
    fy = y - y0;
  const top = s.luma[i] + (s.luma[i + 1] - s.luma[i]) * fx;
  const bot = s.luma[i + s.w] + (s.luma[i + s.w + 1] - s.luma[i + s.w]) * fx;
  return top + (bot - top) * fy;
}

/** Ring pixels (known, within `ring` of the hole, 3x3 known) whose gradient is strong: Hough votes. */
function houghCandidates(s: Sampler, ringMask: Uint8Array, minVotes: number): { theta: number; rho: number }[] {
  const { w, h, luma, hole } = s;
  const diag = Math.ceil(Math.hypot(w, h)) + 1;
  const R = 2 * diag + 1;
  const acc = new Uint16Array(THETA_BINS * R);
  const cos = new Float64Array(THETA_BINS),
    sin = new Float64Array(THETA_BINS);
  for (let k = 0; k < THETA_BINS; k++) {
    cos[k] = Math.cos((k * 2 * Math.PI) / THETA_BINS);
    sin[k] = Math.sin((k * 2 * Math.PI) / THETA_BINS);
  }
  for (let y = 1; y < h - 1; y++)
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (!ringMask[i]) continue;
      if (hole[i - w - 1] | hole[i - w] | hole[i - w + 1] | hole[i - 1] | hole[i + 1] | hole[i + w - 1] | hole[i + w] | hole[i + w + 1])
        continue;
      const gx = (luma[i - w + 1] + 2 * luma[i + 1] + luma[i + w + 1] - luma[i - w - 1] - 2 * luma[i - 1] - luma[i + w - 1]) / 8;
      const gy = (luma[i + w - 1] + 2 * luma[i + w] + luma[i + w + 1] - luma[i - w - 1] - 2 * luma[i - w] - luma[i - w + 1]) / 8;
      if (gx * gx + gy * gy < MIN_GRADIENT * MIN_GRADIENT) continue;
      let a = Math.atan2(gy, gx);
      if (a < 0) a += 2 * Math.PI;
      const k0 = Math.round((a * THETA_BINS) / (2 * Math.PI));
      for (let dk = -VOTE_SPREAD; dk <= VOTE_SPREAD; dk++) {
        const k = (k0 + dk + THETA_BINS) % THETA_BINS;
        const r = Math.round(x * cos[k] + y * sin[k]) + diag;
        const j = k * R + r;
        if (acc[j] < 65535) acc[j]++;
      }
    }
  // Local maxima (angle +-2 bins, rho +-1) with enough votes, strongest first.
  const peaks: { k: number; r: number; v: number }[] = [];
  for (let k = 0; k < THETA_BINS; k++)
    for (let r = 1; r < R - 1; r++) {
      const v = acc[k * R + r];
      if (v < minVotes) continue;
      let isMax = true;
      for (let dk = -2; dk <= 2 && isMax; dk++) {
        const kk = (k + dk + THETA_BINS) % THETA_BINS;
        for (let dr = -1; dr <= 1; dr++) {
          if (!dk && !dr) continue;
          const u = acc[kk * R + r + dr];
          // ties go to the first in scan order, so a flat top gives one peak
          if (u > v || (u === v && (dk < 0 || (dk === 0 && dr < 0)))) {
            isMax = false;
            break;
          }
        }
      }
      if (isMax) peaks.push({ k, r, v });
    }
  peaks.sort((a, b) => b.v - a.v || a.k - b.k || a.r - b.r);
  return peaks.slice(0, MAX_CANDIDATES).map((p) => ({ theta: (p.k * 2 * Math.PI) / THETA_BINS, rho: p.r - diag }));
}

/** The hole's spans along a line: runs of hole pixels [from, to] in t, inside the crop. */
export function holeSpans(s: Sampler, theta: number, rho: number): [number, number][] {
  const c = Math.cos(theta),
    sn = Math.sin(theta);
  const reach = Math.ceil(Math.hypot(s.w, s.h));
  const spans: [number, number][] = [];
  let start = NaN,
    last = NaN;
  for (let t = -reach; t <= reach; t++) {
    const x = Math.round(rho * c - t * sn),
      y = Math.round(rho * sn + t * c);
    const inside = x >= 0 && y >= 0 && x < s.w && y < s.h;
    const isHole = inside && s.hole[y * s.w + x] === 1;
    if (isHole) {
      if (Number.isNaN(start)) start = t;
      last = t;
    } else if (!Number.isNaN(start)) {
      spans.push([start, last]);
      start = NaN;
    }
  }
  return spans;
}

/**
 * Where the edge crosses the profile across the line at t: the offset s (along the normal)
 * of the steepest rise of luma within PROFILE_REACH, to a fraction of a pixel, and the rise
 * over the profile; null when a sample is unknown or no rise is there.
 */
function edgeOffset(s: Sampler, theta: number, rho: number, t: number): { off: number; step: number } | null {
  const c = Math.cos(theta),
    sn = Math.sin(theta);
  const n = 4 * PROFILE_REACH + 1; // samples every half pixel
  const prof = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const o = -PROFILE_REACH + k / 2;
    const v = lumaAt(s, (rho + o) * c - t * sn, (rho + o) * sn + t * c);
    if (v < 0) return null;
    prof[k] = v;
  }
  // central differences, the steepest rise, refined by a parabola through its neighbours
  let best = -1,
    bestD = 0;
  const diff = (k: number) => prof[k + 1] - prof[k - 1];
  for (let k = 1; k < n - 1; k++) {
    const d = diff(k);
    if (d > bestD) {
      bestD = d;
      best = k;
    }
  }
  if (best < 0) return null;
  let frac = 0;
  if (best > 1 && best < n - 2) {
    const dm = diff(best - 1),
      dp = diff(best + 1);
    const denom = dm - 2 * bestD + dp;
    if (denom < 0) frac = Math.max(-0.5, Math.min(0.5, (0.5 * (dm - dp)) / denom));
  }
  // the rise: from the darkest sample before the edge to the brightest after it
  let lo = 255,
    hi = 0;
  for (let k = 0; k <= best; k++) lo = Math.min(lo, prof[k]);
  for (let k = best; k < n; k++) hi = Math.max(hi, prof[k]);
  return { off: -PROFILE_REACH + (best + frac) / 2, step: hi - lo };
}

interface SideFit {
  ts: number[];
  offs: number[];
  steps: number[];
}

/** Edge measurements on the known run of the line next to a span end, walking away from the hole. */
function measureSide(s: Sampler, theta: number, rho: number, from: number, dir: 1 | -1, ring: number): SideFit {
  const out: SideFit = { ts: [], offs: [], steps: [] };
  for (let k = 1; k <= ring; k++) {
    const t = from + dir * k;
    const m = edgeOffset(s, theta, rho, t);
    if (!m) {
      // A few unknown samples next to an oblique hole edge are skipped; farther, the run ends.
      if (out.ts.length === 0 && k <= PROFILE_REACH + 2) continue;
      break;
    }
    out.ts.push(t);
    out.offs.push(m.off);
    out.steps.push(m.step);
  }
  return out;
}

/** Least-squares line off = a + b t over the kept points. */
function fitLine(ts: number[], offs: number[], keep: boolean[]): { a: number; b: number } {
  let n = 0,
    st = 0,
    so = 0,
    stt = 0,
    sto = 0;
  for (let i = 0; i < ts.length; i++) {
    if (!keep[i]) continue;
    n++;
    st += ts[i];
    so += offs[i];
    stt += ts[i] * ts[i];
    sto += ts[i] * offs[i];
  }
  const den = n * stt - st * st;
  if (n < 2 || den === 0) return { a: n ? so / n : 0, b: 0 };
  const b = (n * sto - st * so) / den;
  return { a: (so - b * st) / n, b };
}

/**
 * Refits a candidate to the edge positions measured on both sides of one hole span and
 * checks it: enough positions on each side lie on one straight line, the rise has the same
 * sign and a similar size on both sides. Returns the refitted edge or null.
 */
function confirm(s: Sampler, theta0: number, rho0: number, span: [number, number], p: EdgeParams): Edge | null {
  let theta = theta0,
    rho = rho0,
    from = span[0],
    to = span[1];
  for (let round = 0; round < 3; round++) {
    const a = measureSide(s, theta, rho, from, -1, p.ring);
    const b = measureSide(s, theta, rho, to, 1, p.ring);
    if (a.ts.length < p.minSupport || b.ts.length < p.minSupport) return null;
    const ts = [...a.ts, ...b.ts],
      offs = [...a.offs, ...b.offs];
    let keep = offs.map((o) => Math.abs(o) <= PROFILE_REACH - 0.5);
    let fit = fitLine(ts, offs, keep);
    keep = offs.map((o, i) => Math.abs(o - fit.a - fit.b * ts[i]) <= ON_LINE);
    fit = fitLine(ts, offs, keep);
    const onA = keep.slice(0, a.ts.length).filter(Boolean).length,
      onB = keep.slice(a.ts.length).filter(Boolean).length;
    const last = round === 2 || (Math.abs(fit.a) < 0.05 && Math.abs(fit.b) < 1e-4);
    // Move the line onto the fit: new normal n - b d, new rho (rho + a) cos(phi).
    const phi = -Math.atan(fit.b);
    const newTheta = theta + phi,
      newRho = (rho + fit.a) * Math.cos(phi);
    if (last) {
      if (onA < Math.max(p.minSupport, MIN_ON_LINE_SHARE * a.ts.length)) return null;
      if (onB < Math.max(p.minSupport, MIN_ON_LINE_SHARE * b.ts.length)) return null;
      const mean = (xs: number[], k: boolean[]) => {
        let sum = 0,
          n = 0;
        xs.forEach((v, i) => {
          if (k[i]) {
            sum += v;
            n++;
          }
        });
        return n ? sum / n : 0;
      };
      const stepA = mean(a.steps, keep.slice(0, a.ts.length)),
        stepB = mean(b.steps, keep.slice(a.ts.length));
      if (stepA < p.minContrast || stepB < p.minContrast) return null;
      if (stepA > 2 * stepB || stepB > 2 * stepA) return null;
      const spans = holeSpans(s, newTheta, newRho);
      const mid = (from + to) / 2;
      const own = spans.find(([f, t]) => f - 3 <= mid + p.ring && t + 3 >= mid - p.ring) ?? [from, to];
      return { theta: normalise(newTheta), rho: newRho, from: own[0], to: own[1], contrast: (stepA + stepB) / 2 };
    }
    theta = newTheta;
    rho = newRho;
    // the span moves a little with the line: take the one around the old middle
    const mid = (from + to) / 2;
    const spans = holeSpans(s, theta, rho);
    const next = spans.find(([f, t]) => f <= mid + 2 && t >= mid - 2);
    if (!next) return null;
    [from, to] = next;
  }
  return null;
}

function normalise(theta: number): number {
  const full = 2 * Math.PI;
  return ((theta % full) + full) % full;
}

/** The ring: known pixels within `ring` of the hole. */
export function ringOf(s: Sampler, holeMask: Mask, ring: number): Uint8Array {
  const d2 = squaredDistanceTo(holeMask);
  const out = new Uint8Array(d2.length);
  const r2 = ring * ring;
  for (let i = 0; i < d2.length; i++) out[i] = d2[i] > 0 && d2[i] <= r2 && !s.hole[i] ? 1 : 0;
  return out;
}

/**
 * Straight edges that cross the hole with support on both sides, each once (candidates that
 * refit to the same line are one edge).
 */
export function crossingEdges(s: Sampler, holeMask: Mask, p: EdgeParams = DEFAULT_EDGE_PARAMS): Edge[] {
  const ringMask = ringOf(s, holeMask, p.ring);
  const candidates = houghCandidates(s, ringMask, 2 * p.minSupport);
  const edges: Edge[] = [];
  for (const c of candidates) {
    for (const span of holeSpans(s, c.theta, c.rho)) {
      const e = confirm(s, c.theta, c.rho, span, p);
      if (!e) continue;
      const same = edges.some(
        (o) => angleGap(o.theta, e.theta) < 0.01 && Math.abs(o.rho - e.rho) < 1.5 && o.from <= e.to && e.from <= o.to,
      );
      if (!same) edges.push(e);
    }
  }
  return edges;
}

/** Smallest angle between two directions (radians, 0..pi). */
export function angleGap(a: number, b: number): number {
  const d = Math.abs(normalise(a) - normalise(b));
  return Math.min(d, 2 * Math.PI - d);
}
