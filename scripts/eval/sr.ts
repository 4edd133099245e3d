// `npm run eval -- sr <dataset dir> [--model id]`: for <dir>/sr/*/ (lr.png 64x64, hr.png
// 256x256), PSNR of the x4 upscale against hr (whole image, one tile) and the mean absolute
// difference between tiled and whole-image output (must stay under 1/255).
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RgbaImage } from '../../src/core/types.ts';
import { upscale } from '../../src/ops/upscale/upscale.ts';
import { createNodePort } from '../../src/runtime/ort-node.ts';
import { readRgba } from './load-image.ts';

/** PSNR in dB over the RGB channels. */
export function psnr(a: RgbaImage, b: RgbaImage): number {
  let se = 0;
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) for (let c = 0; c < 3; c++, n++) se += (a.data[i + c] - b.data[i + c]) ** 2;
  return 10 * Math.log10((255 * 255) / (se / n));
}

/** Mean absolute difference over all RGBA bytes, in 0..1 units (1/255 = one level). */
export function mad(a: RgbaImage, b: RgbaImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / a.data.length / 255;
}

export async function run(args: string[]): Promise<number> {
  const dir = args[0] && join(args[0], 'sr');
  if (!dir || !existsSync(dir)) {
    console.error(`sr eval: ${dir ?? '<dir>'}/ not found. usage: npm run eval -- sr <dataset dir>   e.g. ../shared/datasets/dev`);
    return 2;
  }
  const mi = args.indexOf('--model');
  const model = mi >= 0 ? args[mi + 1] : undefined;
  const port = createNodePort();
  const rows: { name: string; psnr: number; tiledVsWholeMad: number }[] = [];
  for (const name of readdirSync(dir).sort()) {
    const lr = await readRgba(join(dir, name, 'lr.png'));
    const hr = await readRgba(join(dir, name, 'hr.png'));
    const whole = await upscale(lr, { scale: 4, model, tileSize: Math.max(lr.width, lr.height) }, { port });
    // Small tiles so that a 64x64 input is cut in 2x2 tiles with 16 px overlaps.
    const tiled = await upscale(lr, { scale: 4, model, tileSize: 40, overlap: 16 }, { port });
    rows.push({ name, psnr: psnr(whole.image, hr), tiledVsWholeMad: mad(tiled.image, whole.image) });
  }
  const mean = (k: 'psnr' | 'tiledVsWholeMad') => rows.reduce((s, r) => s + r[k], 0) / rows.length;
  console.log('image         PSNR x4 (dB)   tiled-vs-whole MAD (levels of 255)');
  for (const r of rows)
    console.log(`${r.name.padEnd(13)} ${r.psnr.toFixed(2).padStart(12)}   ${(r.tiledVsWholeMad * 255).toFixed(3).padStart(10)}`);
  console.log(`${'MEAN'.padEnd(13)} ${mean('psnr').toFixed(2).padStart(12)}   ${(mean('tiledVsWholeMad') * 255).toFixed(3).padStart(10)}`);
  const worst = Math.max(...rows.map((r) => r.tiledVsWholeMad));
  console.log(`tiled vs whole: worst MAD ${(worst * 255).toFixed(3)}/255 -> ${worst <= 1 / 255 ? 'within 1/255' : 'OVER 1/255'}`);
  const outDir = resolve(import.meta.dirname, '../../eval-results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'sr.json');
  writeFileSync(
    file,
    JSON.stringify(
      {
        kind: 'sr',
        dataset: resolve(args[0]),
        model: model ?? 'realesr-general-x4v3',
        meanPsnr: mean('psnr'),
        worstTiledVsWholeMad: worst,
        images: rows,
      },
      null,
      1,
    ),
  );
  console.log(`wrote ${file}`);
  return worst <= 1 / 255 ? 0 : 1;
}
