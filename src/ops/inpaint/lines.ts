// Line continuation (issue #11): straight edges and bands (a dark line has two parallel
// edges) that enter the hole on one side and leave it on the other are drawn through it, over
// the engine's fill. A band is drawn from its colour profile across the line, sampled just
// outside the hole at both ends and blended along it at sub-pixel offsets, so its edges keep
// their anti-aliasing; the two ends' profiles are aligned edge to edge, so edges that are not
// quite parallel (or a band that narrows) leave no ghost. Only edges confirmed on both sides
// (line-edges.ts) whose profiles also agree are drawn; nothing is invented elsewhere.
import { HOLE_THRESHOLD } from '../../core/mask-ops.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { angleGap, crossingEdges, DEFAULT_EDGE_PARAMS, makeSampler, type Edge, type EdgeParams, type Sampler } from './line-edges.ts';

/**
 * A strip drawn through the hole, in the frame of the line (theta, rho): its edges sit at
 * offsets `edgesA` (along the normal) at the A end and `edgesB` at the B end, in the same
 * order, and move linearly in between.
 */
export interface LineStrip {
  theta: number;
  rho: number;
  edgesA: number[];
  edgesB: number[];
  /** The t of the profiles sampled at each end (see line-edges.ts for t). */
  tA: number;
  tB: number;
  /** How far beyond tA and tB the strip is painted (hole pixels next to an oblique edge). */
  reach: number;
  /** Mean RGB across the strip at each end, PER_PIXEL samples a pixel from loA (loB). */
  loA: number;
  loB: number;
  profileA: Float64Array;
  profileB: Float64Array;
}

/** Parallel edges closer than this (a band's width, pixels) are drawn as one band. */
export const MAX_BAND = 40;
/**
 * Pixels drawn at full weight beyond the outermost edge of a strip: an edge's blur and
 * anti-aliasing, or a rule of up to this width whose far edge was not confirmed.
 */
const MARGIN = 3;
/** Pixels beyond the margin over which the strip fades into the engine's fill. */
const FADE = 3;
/** Profile samples per pixel across the strip. */
const PER_PIXEL = 4;
/** Profiles sampled on each side, nearest the hole first. */
const SIDE_SAMPLES = 16;
const MIN_SIDE_SAMPLES = 8;
/** Edges within this angle (radians, about 1 degree) may be one band. */
const PARALLEL = 0.0175;

interface Group {
  theta: number;
  rho: number;
  from: number;
  to: number;
  members: Edge[];
}

/** Offset along the group's normal at which edge e crosses the group's normal through t. */
function offsetAt(g: { theta: number; rho: number }, e: Edge, t: number): number {
  const gc = Math.cos(g.theta),
    gs = Math.sin(g.theta),
    ec = Math.cos(e.theta),
    es = Math.sin(e.theta);
  const px = g.rho * gc - t * gs,
    py = g.rho * gs + t * gc;
  return (e.rho - px * ec - py * es) / (gc * ec + gs * es);
}

/** Edges grouped into bands: parallel or antiparallel, over the same span, within MAX_BAND at the hole's middle. */
function groupEdges(edges: Edge[]): Group[] {
  const groups: Group[] = [];
  const sorted = [...edges].sort((a, b) => b.contrast - a.contrast || a.theta - b.theta || a.rho - b.rho);
  for (const e of sorted) {
    let placed = false;
    for (const g of groups) {
      // in the group's frame (an antiparallel edge's t points the other way)
      let from: number, to: number;
      if (angleGap(e.theta, g.theta) <= PARALLEL) [from, to] = [e.from, e.to];
      else if (angleGap(e.theta + Math.PI, g.theta) <= PARALLEL) [from, to] = [-e.to, -e.from];
      else continue;
      if (from > g.to + MAX_BAND || g.from > to + MAX_BAND) continue;
      const mid = (g.from + g.to) / 2;
      const offs = [...g.members, e].map((m) => offsetAt(g, m, mid));
      if (Math.max(...offs) - Math.min(...offs) > MAX_BAND) continue;
      g.members.push(e);
      g.from = Math.min(g.from, from);
      g.to = Math.max(g.to, to);
      placed = true;
      break;
    }
    if (!placed) groups.push({ theta: e.theta, rho: e.rho, from: e.from, to: e.to, members: [e] });
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

/** Profile value (channel ch) at offset o, linearly between samples, clamped to its ends. */
function profileAt(p: Float64Array, lo: number, o: number, ch: number): number {
  const n = p.length / 3;
  const f = Math.max(0, Math.min(n - 1, (o - lo) * PER_PIXEL));
  const j0 = Math.floor(f),
    j1 = Math.min(n - 1, j0 + 1);
  return p[j0 * 3 + ch] + (p[j1 * 3 + ch] - p[j0 * 3 + ch]) * (f - j0);
}

/**
 * Where offset o lies between the edges at positions `pos` (ascending), as the same place
 * between the edges at `a` and at `b`: [offset at the A end, offset at the B end].
 */
function alignOffset(o: number, pos: number[], a: number[], b: number[]): [number, number] {
  const last = pos.length - 1;
  if (o <= pos[0]) return [a[0] + o - pos[0], b[0] + o - pos[0]];
  if (o >= pos[last]) return [a[last] + o - pos[last], b[last] + o - pos[last]];
  let k = 0;
  while (k < last - 1 && o > pos[k + 1]) k++;
  const span = pos[k + 1] - pos[k];
  const f = span > 0 ? (o - pos[k]) / span : 0;
  return [a[k] + f * (a[k + 1] - a[k]), b[k] + f * (b[k + 1] - b[k])];
}

const lumaOf = (p: Float64Array, j: number) => (p[j * 3] * 77 + p[j * 3 + 1] * 150 + p[j * 3 + 2] * 29) / 256;

/**
 * The strip of one group when its profiles at both ends agree, edge by edge (the same
 * structure, each steady along its side), or null.
 */
function stripOf(s: Sampler, g: Group, ring: number): LineStrip | null {
  const members = [...g.members].sort((p, q) => offsetAt(g, p, g.from) - offsetAt(g, q, g.from));
  const edgesA = members.map((m) => offsetAt(g, m, g.from)),
    edgesB = members.map((m) => offsetAt(g, m, g.to));
  for (let k = 1; k < edgesB.length; k++) if (edgesB[k] < edgesB[k - 1]) return null; // they cross
  const out = MARGIN + FADE;
  const loA = edgesA[0] - out,
    loB = edgesB[0] - out;
  const nA = Math.round((edgesA[edgesA.length - 1] + out - loA) * PER_PIXEL) + 1,
    nB = Math.round((edgesB[edgesB.length - 1] + out - loB) * PER_PIXEL) + 1;
  const a = sideProfile(s, g, loA, nA, g.from, -1, ring);
  const b = sideProfile(s, g, loB, nB, g.to, 1, ring);
  if (!a || !b) return null;
  const contrast = Math.min(lumaRange(a.mean, nA), lumaRange(b.mean, nB));
  // compare the ends place by place: A's sample j against B at the aligned offset
  let gap = 0;
  for (let j = 0; j < nA; j++) {
    const [, oB] = alignOffset(loA + j / PER_PIXEL, edgesA, edgesA, edgesB);
    const lb = (profileAt(b.mean, loB, oB, 0) * 77 + profileAt(b.mean, loB, oB, 1) * 150 + profileAt(b.mean, loB, oB, 2) * 29) / 256;
    gap += Math.abs(lumaOf(a.mean, j) - lb) / nA;
  }
  if (gap > Math.max(10, 0.3 * contrast)) return null;
  if (a.spread > 0.25 * contrast + 4 || b.spread > 0.25 * contrast + 4) return null;
  return {
    theta: g.theta,
    rho: g.rho,
    edgesA,
    edgesB,
    tA: a.nearest,
    tB: b.nearest,
    reach: ring,
    loA,
    loB,
    profileA: a.mean,
    profileB: b.mean,
  };
}

/**
 * Paints a strip over the hole pixels of `target` (a filled crop): at position t the edges
 * sit between their places at the two ends, and the colour at offset o is the two ends'
 * profiles at the aligned places, blended by where t lies between the ends. Over the outer
 * FADE pixels the strip fades into what the engine filled there, so no smooth streak of
 * background shows on textured surroundings. Returns the pixels painted.
 */
function paintStrip(l: LineStrip, target: RgbaImage, hole: Mask): number {
  const { width: w, height: h, data } = target;
  const c = Math.cos(l.theta),
    sn = Math.sin(l.theta);
  const t0 = l.tA - l.reach,
    t1 = l.tB + l.reach;
  const last = l.edgesA.length - 1;
  const out = MARGIN + FADE;
  const lo = Math.min(l.edgesA[0], l.edgesB[0]) - out,
    hi = Math.max(l.edgesA[last], l.edgesB[last]) + out;
  const xs: number[] = [],
    ys: number[] = [];
  for (const t of [t0, t1])
    for (const o of [lo, hi]) {
      xs.push((l.rho + o) * c - t * sn);
      ys.push((l.rho + o) * sn + t * c);
    }
  const x0 = Math.max(0, Math.floor(Math.min(...xs))),
    x1 = Math.min(w - 1, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys))),
    y1 = Math.min(h - 1, Math.ceil(Math.max(...ys)));
  const span = l.tB - l.tA;
  const pos = l.edgesA.slice();
  let painted = 0;
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) {
      const i = y * w + x;
      if (hole.data[i] < HOLE_THRESHOLD) continue;
      const t = -x * sn + y * c;
      if (t < t0 || t > t1) continue;
      const u = span > 0 ? Math.max(0, Math.min(1, (t - l.tA) / span)) : 0.5;
      for (let k = 0; k <= last; k++) pos[k] = l.edgesA[k] + u * (l.edgesB[k] - l.edgesA[k]);
      const o = x * c + y * sn - l.rho;
      const edge = Math.min(o - (pos[0] - out), pos[last] + out - o);
      if (edge <= 0) continue;
      const [oA, oB] = alignOffset(o, pos, l.edgesA, l.edgesB);
      // full weight over the edges and their margin, fading out beyond
      const k = Math.min(1, edge / FADE);
      for (let ch = 0; ch < 3; ch++) {
        const va = profileAt(l.profileA, l.loA, oA, ch),
          vb = profileAt(l.profileB, l.loB, oB, ch);
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
