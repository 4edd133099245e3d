// Reads an image file into an RgbaImage with sharp (scripts only; ops never touch files).
import sharp from 'sharp';
import type { RgbaImage } from '../../src/core/types.ts';

export async function readRgba(path: string): Promise<RgbaImage> {
  const { data, info } = await sharp(path).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
}
