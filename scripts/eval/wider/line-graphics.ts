// Graphics for the wider set's "line" holes (issue #11): flat posters, diagrams and signs
// with straight bands and rules of several widths at any angle, and a large hole over one
// of them. The truth continues every band straight through the hole, so a fill that stops,
// bends or smears a band scores low there. Drawn as SVG and rendered by sharp, seeded.
import sharp from 'sharp';
import type { RgbaImage } from '../../../src/core/types.ts';
import type { Rng } from '../../../src/ops/inpaint/prng.ts';
import { VIEW_HEIGHT as H, VIEW_WIDTH as W } from './views.ts';

const between = (rng: Rng, a: number, b: number) => a + rng.float() * (b - a);
const f = (v: number) => v.toFixed(1);

const PALETTES: [string, string[]][] = [
  ['#f7f3e8', ['#1d2a5a', '#c0392b', '#e0a21b']],
  ['#1e2430', ['#f2f2f2', '#3fa7d6', '#f26419']],
  ['#e8eef2', ['#2f3e46', '#52796f', '#84a98c']],
  ['#ffffff', ['#111111', '#d62828', '#003049']],
];

export interface LineGraphic {
  svg: string;
  /** The band the hole goes over: a point on its centre line. */
  at: [number, number];
}

/** A graphic with 2-4 bands across the frame, one of them through the middle third. */
export function lineGraphic(rng: Rng): LineGraphic {
  const [paper, inks] = PALETTES[rng.int(PALETTES.length)];
  let body = `<rect width="${W}" height="${H}" fill="${paper}"/>`;
  // a flat panel in a corner, so not everything is one colour
  if (rng.float() < 0.6) {
    const pw = between(rng, 150, 300),
      ph = between(rng, 100, 200);
    const left = rng.float() < 0.5;
    body += `<rect x="${f(left ? 0 : W - pw)}" y="${f(rng.float() < 0.5 ? 0 : H - ph)}" width="${f(pw)}" height="${f(ph)}" fill="${inks[2]}" opacity="0.35"/>`;
  }
  const n = 2 + rng.int(3);
  let at: [number, number] = [W / 2, H / 2];
  for (let k = 0; k < n; k++) {
    const width = k === 0 ? between(rng, 10, 30) : between(rng, 2, 24);
    const angle = between(rng, -0.6, 0.6) + (rng.float() < 0.3 ? Math.PI / 2 : 0);
    const cx = k === 0 ? between(rng, W / 3, (2 * W) / 3) : between(rng, 60, W - 60),
      cy = k === 0 ? between(rng, H / 3, (2 * H) / 3) : between(rng, 60, H - 60);
    if (k === 0) at = [cx, cy];
    const dx = Math.cos(angle) * 2000,
      dy = Math.sin(angle) * 2000;
    body += `<line x1="${f(cx - dx)}" y1="${f(cy - dy)}" x2="${f(cx + dx)}" y2="${f(cy + dy)}" stroke="${inks[k % 2]}" stroke-width="${f(width)}"/>`;
  }
  return { svg: body, at };
}

export async function renderGraphic(g: LineGraphic): Promise<RgbaImage> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${g.svg}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
}
