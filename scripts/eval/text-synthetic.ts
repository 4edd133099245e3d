// A held-out text-removal set, generated so the dev images are not the only judge: text in
// other fonts, sizes, colours and styles (plain, outline, shadow, semi-transparent watermark)
// rendered by sharp (librsvg) onto other crops of the dev photos and of the 24 MP photo.
// Truth is exact: the clean crop, and the pixels the overlays changed. Seeded: the same set
// every run.
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { Box, Mask, RgbaImage } from '../../src/core/types.ts';
import { createRng, type Rng } from '../../src/ops/inpaint/prng.ts';

export interface TextCase {
  name: string;
  clean: RgbaImage;
  texted: RgbaImage;
  /** 255 where the overlays changed a pixel. */
  mask: Mask;
  boxes: Box[];
}

type Style = 'plain' | 'outline' | 'shadow' | 'watermark';

const FONTS = ['Liberation Sans', 'Liberation Serif', 'Liberation Mono', 'Liberation Sans Narrow', 'DejaVu Sans', 'DejaVu Serif'];
const TEXTS = [
  'Sunset Deals',
  '@maria_k',
  '2024-03-07 09:15',
  '(c) Lumen Photo',
  'SAMPLE',
  'Tel 020 7946 0018',
  '#travel #summer',
  'Best Price!',
  'photo by Anke B.',
  'DSC_4471.JPG',
  'NOT FOR RESALE',
  'www.lumen-foto.de',
];
const COLOURS = ['#ffffff', '#111111', '#ffd21f', '#e0262b', '#2a7fff', '#33cc66', '#f0f0f0'];
const STYLES: Style[] = ['plain', 'outline', 'shadow', 'watermark'];

/** Crops of the photos: [file under the dataset dir, left, top, width, height, mirror]. */
const CROPS: [string, number, number, number, number, boolean][] = [
  ['large/motorcycle-24mp.jpg', 400, 300, 640, 480, false],
  ['large/motorcycle-24mp.jpg', 2600, 1500, 640, 480, false],
  ['large/motorcycle-24mp.jpg', 4700, 3200, 640, 480, false],
  ['large/motorcycle-24mp.jpg', 1200, 2900, 800, 500, false],
  ['large/motorcycle-24mp.jpg', 3900, 600, 640, 480, false],
  ['holes/brick/truth.png', 0, 0, -1, -1, true],
  ['holes/grass/truth.png', 0, 0, -1, -1, true],
  ['holes/coffee/truth.png', 0, 0, -1, -1, true],
  ['holes/chelsea/truth.png', 0, 0, -1, -1, true],
  ['holes/astronaut/truth.png', 0, 0, -1, -1, true],
];

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)];
}

/** Uniform in [0, 1). */
function unit(rng: Rng): number {
  return rng.next() / 2 ** 32;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One overlay as an SVG the size of the photo. */
function overlaySvg(
  w: number,
  h: number,
  o: { text: string; font: string; size: number; bold: boolean; x: number; y: number; style: Style; colour: string },
): string {
  const attrs = `font-family="${o.font}" font-size="${o.size}" font-weight="${o.bold ? 'bold' : 'normal'}"`;
  const t = escapeXml(o.text);
  const dark = o.colour === '#111111' ? '#ffffff' : '#000000';
  let body: string;
  switch (o.style) {
    case 'plain':
      body = `<text x="${o.x}" y="${o.y}" ${attrs} fill="${o.colour}">${t}</text>`;
      break;
    case 'outline':
      body = `<text x="${o.x}" y="${o.y}" ${attrs} fill="${o.colour}" stroke="${dark}" stroke-width="${Math.max(1.5, o.size / 12).toFixed(1)}" paint-order="stroke">${t}</text>`;
      break;
    case 'shadow': {
      const off = Math.max(1, Math.round(o.size / 14));
      body =
        `<defs><filter id="s" x="-10%" y="-30%" width="120%" height="160%"><feGaussianBlur stdDeviation="${(off * 0.7).toFixed(1)}"/></filter></defs>` +
        `<text x="${o.x + off}" y="${o.y + off}" ${attrs} fill="${dark}" fill-opacity="0.75" filter="url(#s)">${t}</text>` +
        `<text x="${o.x}" y="${o.y}" ${attrs} fill="${o.colour}">${t}</text>`;
      break;
    }
    case 'watermark':
      body = `<text x="${o.x}" y="${o.y}" ${attrs} fill="${o.colour}" fill-opacity="${(0.3 + (0.3 * (o.size % 7)) / 6).toFixed(2)}">${t}</text>`;
      break;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${body}</svg>`;
}

async function toRgba(img: Sharp): Promise<RgbaImage> {
  const { data, info } = await img.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
}

function rawInput(img: RgbaImage): Sharp {
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), {
    raw: { width: img.width, height: img.height, channels: 4 },
  });
}

/** Bounding box of the pixels that differ between a and b, or null. */
function changedBox(a: RgbaImage, b: RgbaImage): Box | null {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -1,
    y1 = -1;
  for (let y = 0; y < a.height; y++)
    for (let x = 0; x < a.width; x++) {
      const i = (y * a.width + x) * 4;
      if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x + 1);
        y1 = Math.max(y1, y + 1);
      }
    }
  return x1 < 0 ? null : [x0, y0, x1, y1];
}

function overlapsAny(b: Box, boxes: Box[], gap: number): boolean {
  return boxes.some((o) => b[0] - gap < o[2] && o[0] - gap < b[2] && b[1] - gap < o[3] && o[1] - gap < b[3]);
}

/** The held-out cases (photos read from the dataset dir, e.g. ../shared/datasets/dev). */
export async function syntheticTextCases(datasetDir: string, seed = 20251121): Promise<TextCase[]> {
  const rng = createRng(seed);
  const cases: TextCase[] = [];
  for (const [k, [file, left, top, cw, ch, mirror]] of CROPS.entries()) {
    let src = sharp(join(datasetDir, file)).rotate();
    if (cw > 0) src = src.extract({ left, top, width: cw, height: ch });
    if (mirror) src = src.flop();
    const clean = await toRgba(src);
    const { width: w, height: h } = clean;
    let texted = clean;
    const boxes: Box[] = [];
    const count = 2 + Math.floor(unit(rng) * 3);
    for (let n = 0, tries = 0; n < count && tries < 40; tries++) {
      const size = Math.round(11 + unit(rng) * 34);
      const text = pick(rng, TEXTS);
      const o = {
        text,
        size,
        font: pick(rng, FONTS),
        bold: unit(rng) < 0.5,
        style: pick(rng, STYLES),
        colour: pick(rng, COLOURS),
        x: Math.round(4 + unit(rng) * Math.max(1, w - size * text.length * 0.6 - 8)),
        y: Math.round(size + 4 + unit(rng) * (h - size - 12)),
      };
      const next = await toRgba(rawInput(texted).composite([{ input: Buffer.from(overlaySvg(w, h, o)) }]));
      const box = changedBox(next, texted);
      if (!box || box[2] - box[0] < 10 || overlapsAny(box, boxes, 6)) continue;
      texted = next;
      boxes.push(box);
      n++;
    }
    const mask: Mask = { width: w, height: h, data: new Uint8Array(w * h) };
    for (let i = 0; i < mask.data.length; i++) {
      const j = i * 4;
      if (texted.data[j] !== clean.data[j] || texted.data[j + 1] !== clean.data[j + 1] || texted.data[j + 2] !== clean.data[j + 2])
        mask.data[i] = 255;
    }
    cases.push({ name: `syn${k}-${file.split('/')[1].replace(/\..*$/, '')}`, clean, texted, mask, boxes });
  }
  return cases;
}
