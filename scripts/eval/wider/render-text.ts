// Renders one text overlay onto a photo with exact control of what it adds: the glyphs'
// coverage comes from Pango (sharp's text input, with the font file given), and fill opacity,
// outline and drop shadow are composited here, in floating point, so the truth (the pixels the
// overlay changed, and their bounding box) is read from the rendering itself.
import sharp from 'sharp';
import type { Box, RgbaImage } from '../../../src/core/types.ts';
import { FONTS, type FontId } from './sources.ts';

export type Rgb = [number, number, number];

export interface TextLook {
  font: FontId;
  /** Pixel size (Pango points at 72 dpi). */
  size: number;
  colour: Rgb;
  /** Fill opacity, 0-1 (watermarks 0.35-0.6). */
  opacity: number;
  outline?: { width: number; colour: Rgb };
  shadow?: { dx: number; dy: number; sigma: number; opacity: number; colour: Rgb };
}

/** Glyph coverage (0-1) of `text`, tight to the layout Pango gives it. */
export interface Coverage {
  width: number;
  height: number;
  data: Float32Array;
}

function escapeMarkup(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export async function glyphCoverage(text: string, font: FontId, size: number): Promise<Coverage> {
  const f = FONTS[font];
  const { data, info } = await sharp({ text: { text: escapeMarkup(text), font: `${f.pango} ${size}`, fontfile: f.file, dpi: 72 } })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const cov = new Float32Array(info.width * info.height);
  for (let i = 0; i < cov.length; i++) cov[i] = data[i] / 255;
  return { width: info.width, height: info.height, data: cov };
}

/** How far outline and shadow reach beyond the glyphs, in pixels. */
export function lookMargin(look: TextLook): number {
  const o = look.outline ? Math.ceil(look.outline.width) + 1 : 0;
  const s = look.shadow ? Math.ceil(Math.max(Math.abs(look.shadow.dx), Math.abs(look.shadow.dy)) + 3 * look.shadow.sigma) + 1 : 0;
  return Math.max(o, s) + 1;
}

function padded(c: Coverage, m: number): Coverage {
  const w = c.width + 2 * m,
    h = c.height + 2 * m;
  const data = new Float32Array(w * h);
  for (let y = 0; y < c.height; y++) data.set(c.data.subarray(y * c.width, (y + 1) * c.width), (y + m) * w + m);
  return { width: w, height: h, data };
}

/** Grey-level dilation by a disc of `radius` (outline coverage). */
function dilateGrey(c: Coverage, radius: number): Float32Array {
  const r = Math.ceil(radius);
  const offsets: number[][] = [];
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (dx * dx + dy * dy <= radius * radius + 0.25) offsets.push([dx, dy]);
  const out = new Float32Array(c.data.length);
  for (let y = 0; y < c.height; y++)
    for (let x = 0; x < c.width; x++) {
      let m = 0;
      for (const [dx, dy] of offsets) {
        const xx = x + dx,
          yy = y + dy;
        if (xx >= 0 && yy >= 0 && xx < c.width && yy < c.height) m = Math.max(m, c.data[yy * c.width + xx]);
      }
      out[y * c.width + x] = m;
    }
  return out;
}

/** Coverage shifted by (dx, dy) and blurred with a Gaussian of `sigma` (separable). */
function shadowOf(c: Coverage, dx: number, dy: number, sigma: number): Float32Array {
  const { width: w, height: h } = c;
  const shifted = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const sx = x - dx,
        sy = y - dy;
      if (sx >= 0 && sy >= 0 && sx < w && sy < h) shifted[y * w + x] = c.data[sy * w + sx];
    }
  if (sigma <= 0) return shifted;
  const r = Math.ceil(3 * sigma);
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const ks = k.reduce((s, v) => s + v, 0);
  const tmp = new Float32Array(w * h),
    out = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) if (x + i >= 0 && x + i < w) s += k[i + r] * shifted[y * w + x + i];
      tmp[y * w + x] = s / ks;
    }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) if (y + i >= 0 && y + i < h) s += k[i + r] * tmp[(y + i) * w + x];
      out[y * w + x] = s / ks;
    }
  return out;
}

/**
 * `image` with `glyphs` drawn in `look` with the glyphs' top-left at (x, y); returns the new
 * image and the box of the pixels it changed (null when none did). The glyphs must lie inside
 * the image together with lookMargin(look).
 */
export function drawText(image: RgbaImage, glyphs: Coverage, look: TextLook, x: number, y: number): { image: RgbaImage; box: Box | null } {
  const m = lookMargin(look);
  const fill = padded(glyphs, m);
  const outline = look.outline ? dilateGrey(fill, look.outline.width) : null;
  const shadow = look.shadow ? shadowOf(fill, look.shadow.dx, look.shadow.dy, look.shadow.sigma) : null;
  const data = new Uint8ClampedArray(image.data);
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -1,
    y1 = -1;
  for (let ly = 0; ly < fill.height; ly++)
    for (let lx = 0; lx < fill.width; lx++) {
      const px = x - m + lx,
        py = y - m + ly;
      if (px < 0 || py < 0 || px >= image.width || py >= image.height) continue;
      const li = ly * fill.width + lx;
      const layers: [Rgb, number][] = [];
      if (shadow && look.shadow) layers.push([look.shadow.colour, shadow[li] * look.shadow.opacity]);
      if (outline && look.outline) layers.push([look.outline.colour, outline[li] * look.opacity]);
      layers.push([look.colour, fill.data[li] * look.opacity]);
      if (layers.every(([, a]) => a <= 0)) continue;
      const i = (py * image.width + px) * 4;
      let changed = false;
      for (let c = 0; c < 3; c++) {
        let v = image.data[i + c];
        for (const [colour, a] of layers) v = v * (1 - a) + colour[c] * a;
        const out = Math.round(v);
        if (out !== image.data[i + c]) changed = true;
        data[i + c] = out;
      }
      if (changed) {
        x0 = Math.min(x0, px);
        y0 = Math.min(y0, py);
        x1 = Math.max(x1, px + 1);
        y1 = Math.max(y1, py + 1);
      }
    }
  return { image: { width: image.width, height: image.height, data }, box: x1 < 0 ? null : [x0, y0, x1, y1] };
}
