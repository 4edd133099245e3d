// Hole masks for the wider set, drawn as SVG (rendered by sharp, thresholded at half
// coverage) so their shapes are those of real things one removes: a kite, a bird or a balloon
// in the sky, a blob over texture or across an edge, wires and scribbles, a large object, a
// thing cut by the image border, a large blob over a straight edge or band ("line": the edge
// must come out straight and unbroken on the other side).
import sharp from 'sharp';
import type { Mask } from '../../../src/core/types.ts';
import type { Rng } from '../../../src/ops/inpaint/prng.ts';
import { VIEW_HEIGHT as H, VIEW_WIDTH as W, type Rect, type View } from './views.ts';

export const HOLE_TYPES = ['smooth', 'texture', 'edge', 'strokes', 'large', 'border', 'line'] as const;
export type HoleType = (typeof HOLE_TYPES)[number];

const between = (rng: Rng, a: number, b: number) => a + rng.float() * (b - a);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];
const f = (v: number) => v.toFixed(1);

function kite(rng: Rng, cx: number, cy: number): string {
  const s = between(rng, 28, 46);
  const tail = [0, 1, 2, 3, 4].map((k) => `${f(cx + Math.sin(k * 1.7) * s * 0.3)},${f(cy + 1.1 * s + k * s * 0.45)}`).join(' ');
  return (
    `<polygon points="${f(cx)},${f(cy - s)} ${f(cx + 0.7 * s)},${f(cy - 0.1 * s)} ${f(cx)},${f(cy + 1.1 * s)} ${f(cx - 0.7 * s)},${f(cy - 0.1 * s)}"/>` +
    `<polyline points="${f(cx)},${f(cy + 1.1 * s)} ${tail}" fill="none" stroke="#fff" stroke-width="3"/>`
  );
}

function bird(rng: Rng, cx: number, cy: number): string {
  const s = between(rng, 35, 65);
  return (
    `<path d="M${f(cx - s)},${f(cy - 0.25 * s)} Q${f(cx - 0.5 * s)},${f(cy - 0.65 * s)} ${f(cx)},${f(cy)} Q${f(cx + 0.5 * s)},${f(cy - 0.65 * s)} ${f(cx + s)},${f(cy - 0.25 * s)}" fill="none" stroke="#fff" stroke-width="${f(0.16 * s)}" stroke-linecap="round"/>` +
    `<ellipse cx="${f(cx)}" cy="${f(cy + 0.02 * s)}" rx="${f(0.16 * s)}" ry="${f(0.1 * s)}"/>`
  );
}

function balloon(rng: Rng, cx: number, cy: number): string {
  const r = between(rng, 24, 40);
  return (
    `<ellipse cx="${f(cx)}" cy="${f(cy)}" rx="${f(r)}" ry="${f(1.2 * r)}"/>` +
    `<path d="M${f(cx)},${f(cy + 1.2 * r)} q${f(r * 0.3)},${f(r * 0.8)} 0,${f(r * 1.6)} t0,${f(r * 1.4)}" fill="none" stroke="#fff" stroke-width="2.5"/>`
  );
}

/** An irregular blob of about radius r: a few overlapping ellipses. */
function blob(rng: Rng, cx: number, cy: number, r: number): string {
  let s = `<ellipse cx="${f(cx)}" cy="${f(cy)}" rx="${f(r * between(rng, 0.55, 0.8))}" ry="${f(r * between(rng, 0.55, 0.8))}"/>`;
  const n = 2 + rng.int(3);
  for (let k = 0; k < n; k++) {
    const a = rng.float() * 2 * Math.PI,
      d = r * between(rng, 0.2, 0.45);
    s += `<ellipse cx="${f(cx + Math.cos(a) * d)}" cy="${f(cy + Math.sin(a) * d)}" rx="${f(r * between(rng, 0.35, 0.6))}" ry="${f(r * between(rng, 0.3, 0.55))}" transform="rotate(${f(rng.float() * 180)} ${f(cx)} ${f(cy)})"/>`;
  }
  return s;
}

function scribbles(rng: Rng): string {
  let s = '';
  const n = 2 + rng.int(3);
  for (let k = 0; k < n; k++) {
    const width = between(rng, 3, 9);
    if (k === 0 && rng.float() < 0.5) {
      // a wire across the frame
      const y0 = between(rng, 60, H - 60),
        y1 = y0 + between(rng, -120, 120);
      s += `<path d="M-10,${f(y0)} Q${f(W / 2)},${f(Math.max(y0, y1) + between(rng, 10, 60))} ${W + 10},${f(y1)}" fill="none" stroke="#fff" stroke-width="${f(Math.min(width, 4))}"/>`;
      continue;
    }
    let x = between(rng, 80, W - 80),
      y = between(rng, 60, H - 60);
    let d = `M${f(x)},${f(y)}`;
    const steps = 5 + rng.int(7);
    for (let i = 0; i < steps; i++) {
      const nx = Math.min(W - 10, Math.max(10, x + between(rng, -70, 70))),
        ny = Math.min(H - 10, Math.max(10, y + between(rng, -50, 50)));
      d += ` Q${f((x + nx) / 2 + between(rng, -25, 25))},${f((y + ny) / 2 + between(rng, -25, 25))} ${f(nx)},${f(ny)}`;
      x = nx;
      y = ny;
    }
    s += `<path d="${d}" fill="none" stroke="#fff" stroke-width="${f(width)}" stroke-linecap="round" stroke-linejoin="round"/>`;
  }
  return s;
}

/** A standing person, about h tall, feet at (cx, base). */
function person(cx: number, base: number, h: number): string {
  const head = 0.12 * h,
    top = base - h;
  return (
    `<circle cx="${f(cx)}" cy="${f(top + head)}" r="${f(head)}"/>` +
    `<rect x="${f(cx - 0.17 * h)}" y="${f(top + 2.1 * head)}" width="${f(0.34 * h)}" height="${f(0.42 * h)}" rx="${f(0.07 * h)}"/>` +
    `<rect x="${f(cx - 0.14 * h)}" y="${f(top + 2.1 * head + 0.38 * h)}" width="${f(0.12 * h)}" height="${f(0.4 * h)}" rx="${f(0.03 * h)}"/>` +
    `<rect x="${f(cx + 0.02 * h)}" y="${f(top + 2.1 * head + 0.38 * h)}" width="${f(0.12 * h)}" height="${f(0.4 * h)}" rx="${f(0.03 * h)}"/>`
  );
}

function inRect(rng: Rng, [x0, y0, x1, y1]: Rect, margin: number): [number, number] {
  const mx = Math.min(margin, (x1 - x0) / 2),
    my = Math.min(margin, (y1 - y0) / 2);
  return [between(rng, x0 + mx, x1 - mx), between(rng, y0 + my, y1 - my)];
}

/** A large blob centred at (cx, cy), kept inside the frame: the hole of a "line" case. */
export function lineHole(rng: Rng, cx: number, cy: number): string {
  const r = between(rng, 95, 140);
  return blob(rng, Math.min(W - r, Math.max(r, cx)), Math.min(H - r, Math.max(r, cy)), r);
}

/** SVG shapes (white on transparent) of a hole of `type` in `view`, and what they depict. */
export function holeShapes(type: HoleType, view: View, rng: Rng): { svg: string; shape: string } {
  switch (type) {
    case 'smooth': {
      const [cx, cy] = inRect(rng, pick(rng, view.smooth ?? []), 45);
      const shape = pick(rng, ['kite', 'bird', 'balloon'] as const);
      return { shape, svg: shape === 'kite' ? kite(rng, cx, cy - 20) : shape === 'bird' ? bird(rng, cx, cy) : balloon(rng, cx, cy - 40) };
    }
    case 'texture': {
      const [cx, cy] = inRect(rng, pick(rng, view.texture ?? []), 70);
      return { shape: 'blob', svg: blob(rng, cx, cy, between(rng, 55, 95)) };
    }
    case 'edge': {
      const [x0, y0, x1, y1] = pick(rng, view.edges ?? []);
      const t = between(rng, 0.15, 0.85);
      const cx = x0 + t * (x1 - x0),
        cy = y0 + t * (y1 - y0);
      return {
        shape: 'blob across an edge',
        svg: blob(rng, Math.min(W - 60, Math.max(60, cx)), Math.min(H - 60, Math.max(60, cy)), between(rng, 55, 90)),
      };
    }
    case 'strokes':
      return { shape: 'wires and scribbles', svg: scribbles(rng) };
    case 'large': {
      if (rng.float() < 0.5) {
        const h = between(rng, 330, 440);
        return { shape: 'person', svg: person(between(rng, 160, W - 160), between(rng, H - 40, H + 20), h) };
      }
      return { shape: 'large blob', svg: blob(rng, between(rng, 250, W - 250), between(rng, 200, H - 200), between(rng, 130, 170)) };
    }
    case 'line': {
      // large, and centred on the edge, so it enters on one side and leaves on the other
      const [x0, y0, x1, y1] = pick(rng, view.edges ?? []);
      const t = between(rng, 0.35, 0.65);
      return { shape: 'large blob over a straight edge', svg: lineHole(rng, x0 + t * (x1 - x0), y0 + t * (y1 - y0)) };
    }
    case 'border': {
      const side = rng.int(4),
        r = between(rng, 60, 100);
      const inset = r * between(rng, 0.1, 0.5);
      const along = rng.float();
      const [cx, cy] =
        side === 0
          ? [inset, 60 + along * (H - 120)]
          : side === 1
            ? [W - inset, 60 + along * (H - 120)]
            : side === 2
              ? [60 + along * (W - 120), inset]
              : [60 + along * (W - 120), H - inset];
      return { shape: 'blob cut by the border', svg: blob(rng, cx, cy, r) };
    }
  }
}

/** The mask (255 = hole) of SVG shapes drawn white: coverage >= 50%. */
export async function rasterise(svgBody: string): Promise<Mask> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><g fill="#fff">${svgBody}</g></svg>`;
  const { data } = await sharp(Buffer.from(svg)).ensureAlpha().extractChannel(3).raw().toBuffer({ resolveWithObject: true });
  const out = new Uint8Array(W * H);
  for (let i = 0; i < out.length; i++) out[i] = data[i] >= 128 ? 255 : 0;
  return { width: W, height: H, data: out };
}
