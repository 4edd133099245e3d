// Captions rendered onto a real photograph (Debian's wallpapers, read at run time, never
// copied into the project), with the truth kept: the clean photo and each caption's ink
// box. For tests and benchmarks of text removal on photos the project was not tuned on.
import sharp, { type Sharp } from 'sharp';
import type { Box, RgbaImage } from '../core/types.ts';

/** Real photos from Debian packages (mate-backgrounds, ubuntu wallpapers). */
export const WALLPAPERS = {
  leaves: '/usr/share/backgrounds/Dragonfly_by_Bolly.jpg',
  stream: '/usr/share/backgrounds/life_by_Aitzol_Berasategi.jpg',
  bark: '/usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg',
  garden: '/usr/share/backgrounds/mate/nature/Garden.jpg',
  storm: '/usr/share/backgrounds/mate/nature/Storm.jpg',
} as const;

export interface Caption {
  text: string;
  /** Left end of the baseline, photo pixels. */
  x: number;
  y: number;
  size: number;
  font?: string;
  weight?: 'normal' | 'bold' | 'light';
  fill?: string;
  /** 0..1; below 1 a semi-transparent watermark. */
  opacity?: number;
  /** An outline of this colour, 2 px. */
  stroke?: string;
  /** A soft dark shadow under the text. */
  shadow?: boolean;
}

export interface CaptionedPhoto {
  clean: RgbaImage;
  texted: RgbaImage;
  /** Each caption's ink (outline and shadow included), as [x0, y0, x1, y1). */
  boxes: Box[];
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function svg(width: number, height: number, captions: readonly Caption[]): Buffer {
  const texts = captions.map((c) => {
    const font = `font-family="${c.font ?? 'Open Sans'}" font-size="${c.size}" font-weight="${c.weight === 'light' ? 300 : (c.weight ?? 'normal')}"`;
    const attrs =
      `x="${c.x}" y="${c.y}" ${font} fill="${c.fill ?? '#ffffff'}" fill-opacity="${c.opacity ?? 1}"` +
      (c.stroke ? ` stroke="${c.stroke}" stroke-width="2" stroke-opacity="${c.opacity ?? 1}"` : '');
    const shadow = c.shadow
      ? `<text x="${c.x + 3}" y="${c.y + 3}" ${font} fill="#000" fill-opacity="0.8" filter="url(#soft)">${escape(c.text)}</text>`
      : '';
    return `${shadow}<text ${attrs}>${escape(c.text)}</text>`;
  });
  return Buffer.from(
    `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
      `<defs><filter id="soft"><feGaussianBlur stdDeviation="1.5"/></filter></defs>${texts.join('')}</svg>`,
  );
}

async function raw(input: Sharp): Promise<RgbaImage> {
  const { data, info } = await input.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
}

/** Bounding box of the pixels with any alpha in an RGBA layer. */
function inkBox(layer: RgbaImage): Box {
  let x0 = layer.width,
    y0 = layer.height,
    x1 = 0,
    y1 = 0;
  for (let y = 0; y < layer.height; y++)
    for (let x = 0; x < layer.width; x++)
      if (layer.data[(y * layer.width + x) * 4 + 3] > 0) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x + 1);
        y1 = Math.max(y1, y + 1);
      }
  return [x0, y0, x1, y1];
}

/** `photo` cropped to width x height (cover) with `captions` drawn on it. */
export async function captionedPhoto(photo: string, width: number, height: number, captions: readonly Caption[]): Promise<CaptionedPhoto> {
  return captioned(await sharp(photo).resize(width, height, { fit: 'cover' }).removeAlpha().png().toBuffer(), width, height, captions);
}

/** `base` (an encoded width x height image without alpha) with `captions` drawn on it. */
export async function captioned(base: Buffer, width: number, height: number, captions: readonly Caption[]): Promise<CaptionedPhoto> {
  const clean = await raw(sharp(base));
  const texted = await raw(sharp(base).composite([{ input: svg(width, height, captions) }]));
  const boxes: Box[] = [];
  for (const c of captions) boxes.push(inkBox(await raw(sharp(svg(width, height, [c])))));
  return { clean, texted, boxes };
}
