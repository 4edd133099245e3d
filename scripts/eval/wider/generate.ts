// Builds the wider development set (layout of ../shared/datasets/dev) from Debian's photos and
// fonts: one text case per view and one or two hole cases per view, seeded, so the same files
// come out on every run. Nothing is committed: `npm run eval -- generate` (or any eval with
// --wider) writes it under eval-data/wider.
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Box, Mask, RgbaImage } from '../../../src/core/types.ts';
import { createRng, type Rng } from '../../../src/ops/inpaint/prng.ts';
import { holeShapes, lineHole, rasterise, type HoleType } from './holes.ts';
import { lineGraphic, renderGraphic } from './line-graphics.ts';
import { drawText, glyphCoverage, lookMargin } from './render-text.ts';
import { FONTS, missingSourcesMessage, PHOTOS } from './sources.ts';
import { caseStyles, overlay, type Overlay, type TextStyle } from './text-plan.ts';
import { VIEW_HEIGHT as H, VIEW_WIDTH as W, VIEWS, type Rect, type View } from './views.ts';

/** Bump when a change alters the generated files, so stale sets are rebuilt. */
export const GENERATOR_VERSION = 3;
export const DEFAULT_SEED = 1107;
export const DEFAULT_OUT = 'eval-data/wider';

export interface LabelledTextBox {
  text: string;
  style: TextStyle;
  box: Box;
  font: string;
  size: number;
  colour: [number, number, number];
  opacity: number;
  outline?: number;
  shadow?: boolean;
}

export interface TextCase {
  name: string;
  clean: RgbaImage;
  texted: RgbaImage;
  /** 255 where the overlays changed a pixel. */
  mask: Mask;
  boxes: LabelledTextBox[];
  /** The textured objects the near-object captions flank (view coordinates). */
  objects: Rect[];
}

export interface HoleCase {
  name: string;
  type: HoleType;
  shape: string;
  truth: RgbaImage;
  mask: Mask;
  /** The truth with the hole painted white. */
  image: RgbaImage;
}

/** Hole cases: [view, type]. Every view also gets one of strokes / large / border, in turn. */
const PRIMARY_HOLES: [string, HoleType][] = [
  ...([
    'aqua-full',
    'aqua-drop',
    'freshflower-petals',
    'garden-full',
    'garden-bokeh',
    'twowings-full',
    'twowings-seeds',
    'yellowflower-full',
    'storm-full',
    'dune-horizon',
  ].map((v) => [v, 'smooth']) as [string, HoleType][]),
  ...([
    'blinds-full',
    'blinds-veins',
    'meadow-full',
    'meadow-blades',
    'raindrops-full',
    'raindrops-leaf',
    'freshflower-full',
    'dune-full',
  ].map((v) => [v, 'texture']) as [string, HoleType][]),
  ...(['dune-horizon', 'storm-full', 'storm-road', 'ladybird-full', 'ladybird-stem', 'wood-full', 'wood-planks', 'dune-full'].map((v) => [
    v,
    'edge',
  ]) as [string, HoleType][]),
  ...(['storm-full', 'storm-road', 'dune-horizon', 'wood-planks'].map((v) => [v, 'line']) as [string, HoleType][]),
];
/** Graphics with straight bands (line-graphics.ts), each with a "line" hole over one. */
const LINE_GRAPHICS = 4;
const ANYWHERE: HoleType[] = ['strokes', 'large', 'border'];

export function holePlan(): [View, HoleType][] {
  const byName = new Map(VIEWS.map((v) => [v.name, v]));
  const plan: [View, HoleType][] = PRIMARY_HOLES.map(([v, t]) => [byName.get(v)!, t]);
  VIEWS.forEach((v, i) => plan.push([v, ANYWHERE[i % ANYWHERE.length]]));
  return plan;
}

/** A seed per case from the set's seed and the case's name, so cases do not depend on each other. */
function caseRng(seed: number, name: string): Rng {
  let h = seed >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return createRng(h);
}

export async function loadView(view: View): Promise<RgbaImage> {
  let img = sharp(PHOTOS[view.photo]);
  if (view.crop) {
    const [left, top, width, height] = view.crop;
    img = img.extract({ left, top, width, height });
  }
  const { data, info } = await img.resize(W, H, { fit: 'cover' }).removeAlpha().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
}

const grow = (b: Rect, g: number): Rect => [b[0] - g, b[1] - g, b[2] + g, b[3] + g];
const intersects = (a: Rect, b: Rect) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
const clampTo = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** Candidate top-left corners (of the glyphs) for an overlay of size w x h with margin m. */
const SIDES = ['left', 'right', 'above', 'below'] as const;
type Side = (typeof SIDES)[number];
const OPPOSITE: Record<Side, Side> = { left: 'right', right: 'left', above: 'below', below: 'above' };

/** Which side of `obj` a box lies on (null when it overlaps it). */
function sideOf(b: Rect, obj: Rect): Side | null {
  if (b[2] <= obj[0]) return 'left';
  if (b[0] >= obj[2]) return 'right';
  if (b[3] <= obj[1]) return 'above';
  if (b[1] >= obj[3]) return 'below';
  return null;
}

/**
 * A top-left corner (of the glyphs) for an overlay of size w x h with margin m, or null;
 * `opposite`: the side of the object a beside-object caption must take.
 */
function candidate(o: Overlay, view: View, rng: Rng, w: number, h: number, m: number, opposite: Side | null): [number, number] | null {
  const lo = m + 6,
    maxX = W - w - m - 6,
    maxY = H - h - m - 6;
  if (maxX < lo || maxY < lo) return null;
  const uniform = (): [number, number] => [lo + rng.int(maxX - lo + 1), lo + rng.int(maxY - lo + 1)];
  switch (o.placement) {
    case 'anywhere':
      return uniform();
    case 'centre':
      return [Math.round((W - w) / 2 + (rng.float() - 0.5) * 200), Math.round((H - h) / 2 + (rng.float() - 0.5) * 160)];
    case 'corner': {
      const left = rng.float() < 0.5,
        top = rng.float() < 0.4;
      const inset = 8 + rng.int(16);
      return [left ? lo + inset : maxX - inset, top ? lo + inset : maxY - inset];
    }
    case 'texture': {
      const t = view.texture?.length ? view.texture[rng.int(view.texture.length)] : null;
      if (!t) return uniform();
      return [t[0] + rng.int(Math.max(1, t[2] - t[0] - w)), t[1] + rng.int(Math.max(1, t[3] - t[1] - h))];
    }
    case 'beside-object': {
      // Next to the object, 4-16 px from it; a second caption goes on the opposite side when it
      // fits, so the object lies between the two (the boats between two captions).
      const obj = view.objects?.[0];
      if (!obj) return uniform();
      const gap = 4 + rng.int(13) + m;
      const side = opposite ?? SIDES[rng.int(SIDES.length)];
      const alongX = clampTo(obj[0] + rng.int(Math.max(1, obj[2] - obj[0] - w)), lo, maxX);
      const alongY = clampTo(obj[1] + rng.int(Math.max(1, obj[3] - obj[1] - h)), lo, maxY);
      if (side === 'left') return [obj[0] - gap - w, alongY];
      if (side === 'right') return [obj[2] + gap, alongY];
      if (side === 'above') return [alongX, obj[1] - gap - h];
      return [alongX, obj[3] + gap];
    }
  }
}

/** The text case of view number `k`. */
export async function textCase(view: View, k: number, seed = DEFAULT_SEED): Promise<TextCase> {
  const rng = caseRng(seed, `text/${view.name}`);
  const clean = await loadView(view);
  let texted = clean;
  const boxes: LabelledTextBox[] = [];
  const taken: Rect[] = [];
  for (const style of caseStyles(k, !!view.objects?.length, !!view.texture?.length)) {
    for (let attempt = 0; attempt < 60; attempt++) {
      const o = overlay(style, rng);
      const glyphs = await glyphCoverage(o.text, o.look.font, o.look.size);
      const m = lookMargin(o.look);
      if (boxes.some((b) => b.text === o.text)) continue; // no words twice in one photo
      const first = boxes.find((b) => b.style === 'near-object');
      const opposite = style === 'near-object' && first && attempt < 30 ? OPPOSITE[sideOf(first.box, view.objects![0])!] : null;
      const at = candidate(o, view, rng, glyphs.width, glyphs.height, m, opposite);
      if (!at) continue;
      const [x, y] = at;
      const extent: Rect = [x - m, y - m, x + glyphs.width + m, y + glyphs.height + m];
      if (extent[0] < 2 || extent[1] < 2 || extent[2] > W - 2 || extent[3] > H - 2) continue;
      if (taken.some((t) => intersects(grow(t, 12), extent))) continue;
      if (style === 'near-object' && view.objects?.some((ob) => intersects(ob, extent))) continue;
      const drawn = drawText(texted, glyphs, o.look, x, y);
      if (!drawn.box) continue;
      texted = drawn.image;
      taken.push(extent);
      boxes.push({
        text: o.text,
        style,
        box: drawn.box,
        font: FONTS[o.look.font].file.split('/').pop()!,
        size: o.look.size,
        colour: o.look.colour,
        opacity: o.look.opacity,
        ...(o.look.outline ? { outline: o.look.outline.width } : {}),
        ...(o.look.shadow ? { shadow: true } : {}),
      });
      break;
    }
  }
  const mask: Mask = { width: W, height: H, data: new Uint8Array(W * H) };
  for (let i = 0; i < mask.data.length; i++) {
    const j = i * 4;
    if (texted.data[j] !== clean.data[j] || texted.data[j + 1] !== clean.data[j + 1] || texted.data[j + 2] !== clean.data[j + 2])
      mask.data[i] = 255;
  }
  const objects = boxes.some((b) => b.style === 'near-object') ? view.objects!.slice(0, 1) : [];
  return { name: view.name, clean, texted, mask, boxes, objects };
}

/** The hole case of `type` on `view`. */
export async function holeCase(view: View, type: HoleType, seed = DEFAULT_SEED): Promise<HoleCase> {
  const name = `${view.name}-${type}`;
  const rng = caseRng(seed, `holes/${name}`);
  const truth = await loadView(view);
  const { svg, shape } = holeShapes(type, view, rng);
  const mask = await rasterise(svg);
  const data = new Uint8ClampedArray(truth.data);
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) data.set([255, 255, 255, 255], i * 4);
  return { name, type, shape, truth, mask, image: { width: W, height: H, data } };
}

/** The "line" hole case on graphic number `k`: a large blob over its main band. */
export async function graphicLineCase(k: number, seed = DEFAULT_SEED): Promise<HoleCase> {
  const name = `graphic-${k}-line`;
  const rng = caseRng(seed, `holes/${name}`);
  const g = lineGraphic(rng);
  const truth = await renderGraphic(g);
  const mask = await rasterise(lineHole(rng, g.at[0], g.at[1]));
  const data = new Uint8ClampedArray(truth.data);
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) data.set([255, 255, 255, 255], i * 4);
  return { name, type: 'line', shape: 'large blob over a band of a graphic', truth, mask, image: { width: W, height: H, data } };
}

async function png(file: string, img: RgbaImage): Promise<void> {
  await sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), {
    raw: { width: img.width, height: img.height, channels: 4 },
  })
    .removeAlpha()
    .png()
    .toFile(file);
}

async function maskPng(file: string, m: Mask): Promise<void> {
  await sharp(Buffer.from(m.data), { raw: { width: m.width, height: m.height, channels: 1 } })
    .png()
    .toFile(file);
}

/** What a generated set was made from; `generate` rebuilds when it differs. */
function stamp(seed: number) {
  return { generator: GENERATOR_VERSION, seed };
}

/** True when `out` holds a complete set made by this generator with `seed`. */
export function isCurrent(out: string, seed = DEFAULT_SEED): boolean {
  const file = join(out, 'wider.json');
  if (!existsSync(file)) return false;
  const s = JSON.parse(readFileSync(file, 'utf8')) as { generator?: number; seed?: number };
  return s.generator === GENERATOR_VERSION && s.seed === seed;
}

/** Writes the set to `out` (replacing what is there); returns the case counts. */
export async function generateWider(out: string, seed = DEFAULT_SEED, log = console.log): Promise<{ text: number; holes: number }> {
  const missing = missingSourcesMessage();
  if (missing) throw new Error(missing);
  rmSync(out, { recursive: true, force: true });
  const index: { text: unknown[]; holes: unknown[] } = { text: [], holes: [] };
  for (const [k, view] of VIEWS.entries()) {
    const c = await textCase(view, k, seed);
    const dir = join(out, 'text', c.name);
    mkdirSync(dir, { recursive: true });
    await png(join(dir, 'clean.png'), c.clean);
    await png(join(dir, 'texted.png'), c.texted);
    await maskPng(join(dir, 'mask.png'), c.mask);
    writeFileSync(join(dir, 'boxes.json'), JSON.stringify({ width: W, height: H, boxes: c.boxes }, null, 1));
    const info = { photo: PHOTOS[view.photo], crop: view.crop, objects: c.objects };
    writeFileSync(join(dir, 'case.json'), JSON.stringify(info, null, 1));
    index.text.push({ name: c.name, styles: c.boxes.map((b) => b.style) });
    log(`text/${c.name}: ${c.boxes.map((b) => b.style).join(', ')}`);
  }
  const cases: (() => Promise<[HoleCase, View | null]>)[] = [
    ...holePlan().map(([view, type]) => async (): Promise<[HoleCase, View | null]> => [await holeCase(view, type, seed), view]),
    ...Array.from({ length: LINE_GRAPHICS }, (_, k) => async (): Promise<[HoleCase, View | null]> => [
      await graphicLineCase(k, seed),
      null,
    ]),
  ];
  for (const make of cases) {
    const [c, view] = await make();
    const dir = join(out, 'holes', c.name);
    mkdirSync(dir, { recursive: true });
    await png(join(dir, 'image.png'), c.image);
    await maskPng(join(dir, 'mask.png'), c.mask);
    await png(join(dir, 'truth.png'), c.truth);
    const holePx = c.mask.data.reduce((s, v) => s + (v ? 1 : 0), 0);
    writeFileSync(
      join(dir, 'case.json'),
      JSON.stringify(
        { type: c.type, shape: c.shape, photo: view ? PHOTOS[view.photo] : 'graphic', crop: view?.crop ?? null, holePixels: holePx },
        null,
        1,
      ),
    );
    index.holes.push({ name: c.name, type: c.type, shape: c.shape });
    log(`holes/${c.name}: ${c.shape}, ${((100 * holePx) / (W * H)).toFixed(1)}% of the photo`);
  }
  writeFileSync(join(out, 'wider.json'), JSON.stringify({ ...stamp(seed), ...index }, null, 1));
  return { text: index.text.length, holes: index.holes.length };
}

/** The set at `out`, generated first when missing or stale. */
export async function ensureWider(out = DEFAULT_OUT, seed = DEFAULT_SEED): Promise<string> {
  if (!isCurrent(out, seed)) {
    console.log(`generating the wider set in ${out} (seed ${seed}) ...`);
    await generateWider(out, seed, () => {});
  }
  return out;
}
