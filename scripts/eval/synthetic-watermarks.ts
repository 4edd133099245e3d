// Held-out cases for the detection eval (`--synthetic`): semi-transparent text composited
// onto crops of the dataset's clean photos and of its 24 MP photo, with SVG text rendered
// by sharp (librsvg + fontconfig). Nothing here is in dev/text: other crops, other words,
// other fonts, sizes, colours and opacities. Deterministic (seeded), so runs compare.
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import sharp, { type Sharp } from 'sharp';
import type { Box, RgbaImage } from '../../src/core/types.ts';
import { createRng } from '../../src/ops/inpaint/prng.ts';

export interface LabelledBox {
  box: Box;
  style: string;
  text?: string;
}

export interface EvalCase {
  name: string;
  image: RgbaImage;
  truth: LabelledBox[];
  /** The photo before the overlays (held-out cases): its own text, if any, is not a false detection. */
  background?: RgbaImage;
}

const WORDS = [
  'DO NOT COPY',
  'Preview only',
  'SAMPLE',
  '(c) Meadow Lane Photo',
  'fotostock.example.net',
  '2024/03/17 09:41:05',
  'PROOF 12',
  'Hartmann & Sons',
  'CONFIDENTIAL',
  'lot 8831-B',
  'shot on site',
  '#travelgram',
  'Blue Harbor Studio',
  'NOT FOR SALE',
  'DSC_0193.NEF',
  'evening light',
];
const FONTS = [
  { family: 'DejaVu Sans', weight: 'normal' },
  { family: 'DejaVu Sans', weight: 'bold' },
  { family: 'DejaVu Serif', weight: 'normal' },
  { family: 'DejaVu Sans Mono', weight: 'normal' },
  { family: 'Liberation Sans', weight: 'bold' },
  { family: 'Liberation Serif', weight: 'normal' },
];
/** Overlay colours, taken in turn: white, black (the usual watermarks), a saturated colour. */
const COLOURS = [
  { style: 'white', fills: ['#ffffff', '#f4f4f4'] },
  { style: 'black', fills: ['#000000', '#141414'] },
  { style: 'colour', fills: ['#e0302a', '#2a6fe0', '#20b050', '#f0c020', '#c030c0'] },
];
const TEXTS_PER_IMAGE = 4;
const LARGE_CROPS = 13;

/** Mulberry32: a small seeded generator, so the set is the same on every run. */
const random = (seed: number): (() => number) => {
  const rng = createRng(seed);
  return () => rng.float();
};

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Overlay {
  text: string;
  font: (typeof FONTS)[number];
  size: number;
  fill: string;
  opacity: number;
  x: number;
  y: number;
}

function svgOf(width: number, height: number, overlays: Overlay[], opaque = false): Buffer {
  const texts = overlays.map(
    (o) =>
      `<text x="${o.x}" y="${o.y}" font-family="${o.font.family}" font-weight="${o.font.weight}" font-size="${o.size}" fill="${o.fill}" fill-opacity="${opaque ? 1 : o.opacity}">${escapeXml(o.text)}</text>`,
  );
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${texts.join('')}</svg>`);
}

/** The ink's bounding box (pixel edges) of one overlay rendered opaque; undefined when it falls outside. */
async function inkBox(width: number, height: number, o: Overlay): Promise<Box | undefined> {
  const { data } = await sharp(svgOf(width, height, [o], true))
    .raw()
    .toBuffer({ resolveWithObject: true });
  let x0 = width,
    y0 = height,
    x1 = -1,
    y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[(y * width + x) * 4 + 3] < 128) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? undefined : [x0, y0, x1 + 1, y1 + 1];
}

const apart = (a: Box, b: Box, margin: number) =>
  a[2] + margin <= b[0] || b[2] + margin <= a[0] || a[3] + margin <= b[1] || b[3] + margin <= a[1];

async function withOverlays(name: string, photo: Sharp, rnd: () => number, next: number): Promise<EvalCase> {
  const { data, info } = await photo.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const overlays: Overlay[] = [];
  const truth: LabelledBox[] = [];
  for (let tries = 0; truth.length < TEXTS_PER_IMAGE && tries < 50; tries++) {
    const colour = COLOURS[(next + truth.length) % COLOURS.length];
    const o: Overlay = {
      text: pick(rnd, WORDS),
      font: pick(rnd, FONTS),
      size: Math.round(14 + rnd() * 34),
      fill: pick(rnd, colour.fills),
      opacity: Math.round((0.25 + rnd() * 0.25) * 100) / 100,
      x: Math.round(rnd() * width * 0.6),
      y: Math.round(40 + rnd() * (height - 60)),
    };
    const box = await inkBox(width, height, o);
    if (!box || box[2] >= width - 2 || box[3] >= height - 2 || box[0] < 2 || box[1] < 2) continue;
    if (!truth.every((t) => apart(t.box, box, 12))) continue;
    overlays.push(o);
    truth.push({ box, style: `${colour.style} ${o.opacity < 0.375 ? '25-37%' : '38-50%'}`, text: o.text });
  }
  const out = await sharp(data, { raw: { width, height, channels: 3 } })
    .composite([{ input: svgOf(width, height, overlays) }])
    .ensureAlpha()
    .raw()
    .toBuffer();
  const background = await sharp(data, { raw: { width, height, channels: 3 } })
    .ensureAlpha()
    .raw()
    .toBuffer();
  const rgba = (b: Buffer) => ({ width, height, data: new Uint8ClampedArray(b.buffer, b.byteOffset, b.length) });
  return { name, image: rgba(out), truth, background: rgba(background) };
}

/**
 * The held-out set from `<dir>`: a crop (60-90% of each side) of every text/<name>/clean.png
 * and LARGE_CROPS crops of large/motorcycle-24mp.jpg (1200-2400 px, shown at 800 px on the
 * longer side, like a photo the user opens), each with TEXTS_PER_IMAGE overlays.
 */
export async function syntheticCases(dir: string, seed = 7): Promise<EvalCase[]> {
  const rnd = random(seed);
  const cases: EvalCase[] = [];
  for (const name of readdirSync(join(dir, 'text')).sort()) {
    const file = join(dir, 'text', name, 'clean.png');
    const { width, height } = await sharp(file).metadata();
    const w = Math.round(width! * (0.6 + rnd() * 0.3));
    const h = Math.round(height! * (0.6 + rnd() * 0.3));
    const left = Math.floor(rnd() * (width! - w));
    const top = Math.floor(rnd() * (height! - h));
    cases.push(await withOverlays(`${name}-crop`, sharp(file).extract({ left, top, width: w, height: h }), rnd, cases.length));
  }
  const large = join(dir, 'large', 'motorcycle-24mp.jpg');
  const { width, height } = await sharp(large).metadata();
  for (let i = 0; i < LARGE_CROPS; i++) {
    const w = Math.round(1200 + rnd() * 1200);
    const h = Math.round(w * (0.6 + rnd() * 0.3));
    const left = Math.floor(rnd() * (width! - w));
    const top = Math.floor(rnd() * (height! - h));
    const photo = sharp(large)
      .extract({ left, top, width: w, height: h })
      .resize({ width: 800, height: Math.round((800 * h) / w) });
    cases.push(await withOverlays(`24mp-crop${i + 1}`, photo, rnd, cases.length));
  }
  return cases;
}
