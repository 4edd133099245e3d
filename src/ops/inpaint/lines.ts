// Line continuation (issue #11): straight edges and bands (a dark line has two parallel
// edges) that enter the hole on one side and leave it on the other are drawn through it
// before the fill, and the drawn pixels become known pixels the engine fills around. A band
// is drawn from its colour profile across the line, sampled just outside the hole at both
// ends and blended along it, at sub-pixel offsets, so its edges keep their anti-aliasing.
// Only edges confirmed on both sides (line-edges.ts) whose profiles also agree are drawn;
// nothing is invented elsewhere.
import { HOLE_THRESHOLD } from '../../core/mask-ops.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { angleGap, crossingEdges, DEFAULT_EDGE_PARAMS, makeSampler, type Edge, type EdgeParams, type Sampler } from './line-edges.ts';

/** A strip drawn through the hole: offsets lo..hi (along the normal) from the line (theta, rho). */
export interface LineStrip {
  theta: number;
  rho: number;
  lo: number;
  hi: number;
  /** The t of the profiles sampled at each end (see line-edges.ts for t). */
  tA: number;
  tB: number;
  /** How far beyond tA and tB the strip is painted (hole pixels next to an oblique edge). */
  reach: number;
  /** Mean RGB across the strip at each end, PER_PIXEL samples a pixel from lo. */
  profileA: Float64Array;
  profileB: Float64Array;
}

/** Parallel edges closer than this (a band's width, pixels) are drawn as one band. */
export const MAX_BAND = 40;
/** Pixels drawn beyond the outermost edge of a strip: an edge's blur and anti-aliasing. */
const MARGIN = 3;
/** Profile samples per pixel across the strip. */
const PER_PIXEL = 4;
/** Profiles sampled on each side, nearest the hole first. */
const SIDE_SAMPLES = 16;
const MIN_SIDE_SAMPLES = 8;
/** Edges within this angle (radians, about 1 degree) are parallel. */
const PARALLEL = 0.0175;

interface Group {
  theta: number;
  rho: number;
  lo: number;
  hi: number;
  from: number;
  to: number;
  contrast: number;
}

/** Edges grouped into bands: parallel or antiparallel, over the same span, within MAX_BAND. */
function groupEdges(edges: Edge[]): Group[] {
  const groups: Group[] = [];
  const sorted = [...edges].sort((a, b) => b.contrast - a.contrast || a.theta - b.theta || a.rho - b.rho);
  for (const e of sorted) {
    let placed = false;
    for (const g of groups) {
      // in the group's frame (an antiparallel edge's normal and t both point the other way)
      let off: number, from: number, to: number;
      if (angleGap(e.theta, g.theta) <= PARALLEL) [off, from, to] = [e.rho - g.rho, e.from, e.to];
      else if (angleGap(e.theta + Math.PI, g.theta) <= PARALLEL) [off, from, to] = [-e.rho - g.rho, -e.to, -e.from];
      else continue;
      if (from > g.to + MAX_BAND || g.from > to + MAX_BAND) continue;
      const lo = Math.min(g.lo, off),
        hi = Math.max(g.hi, off);
      if (hi - lo > MAX_BAND) continue;
      g.lo = lo;
      g.hi = hi;
      g.from = Math.min(g.from, from);
      g.to = Math.max(g.to, to);
      placed = true;
      break;
    }
    if (!placed) groups.push({ theta: e.theta, rho: e.rho, lo: 0, hi: 0, from: e.from, to: e.to, contrast: e.contrast });
  }
  return groups;
}

/** Bilinear RGB at (x, y) into out[o..o+2]; false when a pixel is outside or in the hole. */
function rgbAt(s: Sampler, x: number, y: number, out: Float64Array, o: number): boolean {
  const x0 = Math.floor(x),
    y0 = Math.floor(y);
  if (x0 < 0 || y0 < 0 || x0 + 1 >= s.w || y0 + 1 >= s.h) return false;
  const i = y0 * s.w + x0;
  if (s.hole[i] | s.hole[i + 1] | s.hole[i + s.w] | s.hole[i + s.w + 1]) return false;
  const fx = x - x0,
    fy = y - y0;
  const d = s.rgba;
  for (let c = 0; c < 3; c++) {
    const top = d[i * 4 + c] + (d[(i + 1) * 4 + c] - d[i * 4 + c]) * fx;
    const bot = d[(i + s.w) * 4 + c] + (d[(i + s.w + 1) * 4 + c] - d[(i + s.w) * 4 + c]) * fx;
    out[o + c] = top + (bot - top) * fy;
  }
  return true;
}

interface Profile {
  /** Mean RGB per sample across the strip. */
  mean: Float64Array;
  /** Mean absolute deviation of a sampled row's luma from the mean's (noise along the line). */
  spread: number;
  /** The t nearest the hole that was sampled. */
  nearest: number;
}

/** The strip's colour profile on the known run next to a span end, walking away from the hole. */
function sideProfile(s: Sampler, g: Group, lo: number, n: number, end: number, dir: 1 | -1, ring: number): Profile | null {
  const c = Math.cos(g.theta),
    sn = Math.sin(g.theta);
  const rows: Float64Array[] = [];
  const ts: number[] = [];
  const row = new Float64Array(n * 3);
  for (let k = 1; k <= ring && rows.length < SIDE_SAMPLES; k++) {
    const t = end + dir * k;
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      const o = g.rho + lo + j / PER_PIXEL;
      ok = rgbAt(s, o * c - t * sn, o * sn + t * c, row, j * 3);
    }
    if (ok) {
      rows.push(row.slice());
      ts.push(t);
    } else if (rows.length) break;
  }
  if (rows.length < MIN_SIDE_SAMPLES) return null;
  const mean = new Float64Array(n * 3);
  for (const r of rows) for (let j = 0; j < n * 3; j++) mean[j] += r[j] / rows.length;
  const luma = (a: Float64Array, j: number) => (a[j * 3] * 77 + a[j * 3 + 1] * 150 + a[j * 3 + 2] * 29) / 256;
  let spread = 0;
  for (const r of rows) for (let j = 0; j < n; j++) spread += Math.abs(luma(r, j) - luma(mean, j)) / (n * rows.length);
  return { mean, spread, nearest: ts[0] };
}

function lumaRange(p: Float64Array, n: number): number {
  let lo = 255,
    hi = 0;
  for (let j = 0; j < n; j++) {
    const v = (p[j * 3] * 77 + p[j * 3 + 1] * 150 + p[j * 3 + 2] * 29) / 256;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return hi - lo;
}

/**
 * The strip of one group when its profiles at both ends agree (the same structure, each
 * steady along its side), or null.
 */
function stripOf(s: Sampler, g: Group, ring: number): LineStrip | null {
  const lo = g.lo - MARGIN,
    hi = g.hi + MARGIN;
  const n = Math.round((hi - lo) * PER_PIXEL) + 1;
  const a = sideProfile(s, g, lo, n, g.from, -1, ring);
  const b = sideProfile(s, g, lo, n, g.to, 1, ring);
  if (!a || !b) return null;
  const contrast = Math.min(lumaRange(a.mean, n), lumaRange(b.mean, n));
  let gap = 0;
  for (let j = 0; j < n; j++) {
    const la = (a.mean[j * 3] * 77 + a.mean[j * 3 + 1] * 150 + a.mean[j * 3 + 2] * 29) / 256;
    const lb = (b.mean[j * 3] * 77 + b.mean[j * 3 + 1] * 150 + b.mean[j * 3 + 2] * 29) / 256;
    gap += Math.abs(la - lb) / n;
  }
  if (gap > Math.max(10, 0.3 * contrast)) return null;
  if (a.spread > 0.25 * contrast + 4 || b.spread > 0.25 * contrast + 4) return null;
  return { theta: g.theta, rho: g.rho, lo, hi, tA: a.nearest, tB: b.nearest, reach: ring, profileA: a.mean, profileB: b.mean };
}

/**
 * Paints a strip over the hole pixels of `target` (a filled crop): the colour at offset o
 * and position t is the two ends' profiles at o, blended by where t lies between them. Over
 * the outer MARGIN pixels the strip fades into what the engine filled there, so no smooth
 * streak of background shows on textured surroundings. Returns the pixels painted.
 */
function paintStrip(l: LineStrip, target: RgbaImage, hole: Mask): number {
  const { width: w, height: h, data } = target;
  const n = l.profileA.length / 3;
  const c = Math.cos(l.theta),
    sn = Math.sin(l.theta);
  const t0 = l.tA - l.reach,
    t1 = l.tB + l.reach;
  const xs: number[] = [],
    ys: number[] = [];
  for (const t of [t0, t1])
    for (const o of [l.lo, l.hi]) {
      xs.push((l.rho + o) * c - t * sn);
      ys.push((l.rho + o) * sn + t * c);
    }
  const x0 = Math.max(0, Math.floor(Math.min(...xs))),
    x1 = Math.min(w - 1, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys))),
    y1 = Math.min(h - 1, Math.ceil(Math.max(...ys)));
  const span = l.tB - l.tA;
  let painted = 0;
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) {
      const i = y * w + x;
      if (hole.data[i] < HOLE_THRESHOLD) continue;
      const o = x * c + y * sn - l.rho;
      if (o <= l.lo || o >= l.hi) continue;
      const t = -x * sn + y * c;
      if (t < t0 || t > t1) continue;
      const u = span > 0 ? Math.max(0, Math.min(1, (t - l.tA) / span)) : 0.5;
      const f = (o - l.lo) * PER_PIXEL;
      const j0 = Math.min(n - 1, Math.floor(f)),
        j1 = Math.min(n - 1, j0 + 1),
        fj = f - j0;
      // full weight over the edges themselves, fading out across the margin
      const edge = Math.min(o - l.lo, l.hi - o);
      const k = Math.min(1, edge / (MARGIN - 1));
      for (let ch = 0; ch < 3; ch++) {
        const va = l.profileA[j0 * 3 + ch] + (l.profileA[j1 * 3 + ch] - l.profileA[j0 * 3 + ch]) * fj;
        const vb = l.profileB[j0 * 3 + ch] + (l.profileB[j1 * 3 + ch] - l.profileB[j0 * 3 + ch]) * fj;
        const v = va + (vb - va) * u;
        data[i * 4 + ch] = Math.floor(data[i * 4 + ch] + (v - data[i * 4 + ch]) * k + 0.5);
      }
      painted++;
    }
  return painted;
}

/** Ring width for a hole of this crop: long enough to read a line's direction, bounded for speed. */
export function ringFor(crop: RgbaImage): number {
  return Math.max(DEFAULT_EDGE_PARAMS.ring, Math.min(64, Math.round(Math.min(crop.width, crop.height) / 16)));
}

/**
 * The straight edges and bands that cross `hole` (>= 128) of `crop` and match on both
 * sides, as strips to paint over the fill. Deterministic.
 */
export function findLines(crop: RgbaImage, holeMask: Mask, params: Partial<EdgeParams> = {}): LineStrip[] {
  const p: EdgeParams = { ...DEFAULT_EDGE_PARAMS, ring: ringFor(crop), ...params };
  const s = makeSampler(crop, holeMask);
  const edges = crossingEdges(s, holeMask, p);
  const lines: LineStrip[] = [];
  for (const g of groupEdges(edges)) {
    const strip = stripOf(s, g, p.ring);
    if (strip) lines.push(strip);
  }
  return lines;
}

/**
 * Paints `lines` (findLines on the same crop and hole) over the hole pixels of `filled`, in
 * place: the engine fills the hole as usual, then the lines continue through it on top.
 * Returns the number of pixels painted.
 */
export function paintLines(filled: RgbaImage, holeMask: Mask, lines: LineStrip[]): number {
  let painted = 0;
  for (const l of lines) painted += paintStrip(l, filled, holeMask);
  return painted;
}
