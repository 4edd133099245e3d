// Test helper: how close a result is to the clean photo where it matters.
import type { Mask, RgbaImage } from '../../../core/types.ts';

/** PSNR (dB) of `a` against `b` over RGB, on the pixels where `where` is not 0. */
export function psnrWhere(a: RgbaImage, b: RgbaImage, where: Mask): number {
  let se = 0,
    n = 0;
  for (let i = 0; i < where.data.length; i++) {
    if (!where.data[i]) continue;
    for (let c = 0; c < 3; c++) se += (a.data[i * 4 + c] - b.data[i * 4 + c]) ** 2;
    n += 3;
  }
  return 10 * Math.log10((255 * 255 * n) / se);
}
