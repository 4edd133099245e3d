// Image IO and quality metrics shared by the inpainting reports (Node + sharp).
import sharp from 'sharp';
import type { Mask, RgbaImage } from '../../src/core/types.ts';
import { HOLE_THRESHOLD } from '../../src/core/mask-ops.ts';

/**
 * RGBA of a PNG. With `storedValues`, the values as stored, not converted to sRGB by an
 * embedded ICC profile: a truth and an input written from the same pixels must compare equal
 * even when only one of them carries a profile.
 */
export async function readRgba(file: string, storedValues = false): Promise<RgbaImage> {
  const { data, info } = await sharp(file, { ignoreIcc: storedValues }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
}

/** A mask from any PNG: its first channel (white = remove). */
export async function readMask(file: string): Promise<Mask> {
  const { data, info } = await sharp(file).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

export async function writePng(file: string, img: RgbaImage): Promise<void> {
  await sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), {
    raw: { width: img.width, height: img.height, channels: 4 },
  })
    .png()
    .toFile(file);
}

export function maskAsImage(m: Mask): RgbaImage {
  const data = new Uint8ClampedArray(m.width * m.height * 4);
  for (let i = 0; i < m.data.length; i++) data.set([m.data[i], m.data[i], m.data[i], 255], i * 4);
  return { width: m.width, height: m.height, data };
}

/** Images of equal height side by side, 8 px apart. */
export function sideBySide(images: RgbaImage[]): RgbaImage {
  const gap = 8;
  const h = Math.max(...images.map((i) => i.height));
  const w = images.reduce((s, i) => s + i.width, 0) + gap * (images.length - 1);
  const data = new Uint8ClampedArray(w * h * 4).fill(255);
  let x0 = 0;
  for (const img of images) {
    for (let y = 0; y < img.height; y++) data.set(img.data.subarray(y * img.width * 4, (y + 1) * img.width * 4), (y * w + x0) * 4);
    x0 += img.width + gap;
  }
  return { width: w, height: h, data };
}

function luma(img: RgbaImage): Float64Array {
  const out = new Float64Array(img.width * img.height);
  for (let i = 0; i < out.length; i++) out[i] = 0.299 * img.data[i * 4] + 0.587 * img.data[i * 4 + 1] + 0.114 * img.data[i * 4 + 2];
  return out;
}

/** PSNR (dB) over RGB of the pixels where `where` is set. */
export function psnr(a: RgbaImage, b: RgbaImage, where: Mask): number {
  let se = 0,
    n = 0;
  for (let i = 0; i < where.data.length; i++) {
    if (where.data[i] < HOLE_THRESHOLD) continue;
    for (let c = 0; c < 3; c++) {
      const d = a.data[i * 4 + c] - b.data[i * 4 + c];
      se += d * d;
    }
    n += 3;
  }
  return n === 0 ? Infinity : 10 * Math.log10((255 * 255) / (se / n));
}

/** Mean Sobel gradient magnitude of the luma over the pixels where `where` is set. */
export function meanGradient(img: RgbaImage, where: Mask): number {
  const y = luma(img);
  const w = img.width,
    h = img.height;
  let sum = 0,
    n = 0;
  for (let j = 1; j < h - 1; j++)
    for (let i = 1; i < w - 1; i++) {
      const k = j * w + i;
      if (where.data[k] < HOLE_THRESHOLD) continue;
      const gx = y[k - w + 1] + 2 * y[k + 1] + y[k + w + 1] - y[k - w - 1] - 2 * y[k - 1] - y[k + w - 1];
      const gy = y[k + w - 1] + 2 * y[k + w] + y[k + w + 1] - y[k - w - 1] - 2 * y[k - w] - y[k - w + 1];
      sum += Math.sqrt(gx * gx + gy * gy);
      n++;
    }
  return n ? sum / n : 0;
}

/** Mean SSIM of the luma (7x7 windows) over window centres where `where` is set. */
export function ssim(a: RgbaImage, b: RgbaImage, where: Mask): number {
  const ya = luma(a),
    yb = luma(b);
  const w = a.width,
    h = a.height,
    r = 3;
  const c1 = (0.01 * 255) ** 2,
    c2 = (0.03 * 255) ** 2;
  let sum = 0,
    n = 0;
  for (let j = r; j < h - r; j++)
    for (let i = r; i < w - r; i++) {
      if (where.data[j * w + i] < HOLE_THRESHOLD) continue;
      let ma = 0,
        mb = 0,
        va = 0,
        vb = 0,
        cov = 0;
      const cnt = (2 * r + 1) ** 2;
      for (let dy = -r; dy <= r; dy++)
        for (let dx = -r; dx <= r; dx++) {
          const k = (j + dy) * w + i + dx;
          ma += ya[k];
          mb += yb[k];
        }
      ma /= cnt;
      mb /= cnt;
      for (let dy = -r; dy <= r; dy++)
        for (let dx = -r; dx <= r; dx++) {
          const k = (j + dy) * w + i + dx;
          const da = ya[k] - ma,
            db = yb[k] - mb;
          va += da * da;
          vb += db * db;
          cov += da * db;
        }
      va /= cnt - 1;
      vb /= cnt - 1;
      cov /= cnt - 1;
      sum += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
      n++;
    }
  return n ? sum / n : 1;
}

/** Pixels (any channel) that differ between a and b where `where` is set. */
export function changedPixels(a: RgbaImage, b: RgbaImage, where: Mask): number {
  let n = 0;
  for (let i = 0; i < where.data.length; i++) {
    if (where.data[i] < HOLE_THRESHOLD) continue;
    const k = i * 4;
    if (a.data[k] !== b.data[k] || a.data[k + 1] !== b.data[k + 1] || a.data[k + 2] !== b.data[k + 2] || a.data[k + 3] !== b.data[k + 3])
      n++;
  }
  return n;
}

export function mean(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
}
