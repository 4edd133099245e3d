// `npm run eval -- holes <dataset dir> [--engine patchmatch|diffusion|...]`: fills every
// dev/holes case with the inpaint op and reports PSNR inside the hole, SSIM around it, the
// gradient ratio (fill sharpness vs truth; a blur scores ~0.55) and changed pixels far from
// the mask. Side-by-side PNGs (input | mask | result | truth) go to eval-results/holes/.
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dilate } from '../../src/core/mask-ops.ts';
import type { Mask } from '../../src/core/types.ts';
import { DEFAULT_DILATE, DEFAULT_FEATHER, inpaint, type EngineChoice } from '../../src/ops/inpaint/index.ts';
import { changedPixels, maskAsImage, mean, meanGradient, psnr, readMask, readRgba, sideBySide, ssim, writePng } from './pixels.ts';

const TELEA_PSNR = 16.99;

function invert(m: Mask): Mask {
  return { width: m.width, height: m.height, data: m.data.map((v) => 255 - v) };
}

function ring(m: Mask, inner: number, outer: number): Mask {
  const a = dilate(m, outer),
    b = dilate(m, inner);
  return { width: m.width, height: m.height, data: a.data.map((v, i) => (v && !b.data[i] ? 255 : 0)) };
}

export async function run(args: string[]): Promise<number> {
  const dir = args.find((a) => !a.startsWith('--'));
  if (!dir) {
    console.error('usage: npm run eval -- holes <dataset dir> [--engine <id>]');
    return 2;
  }
  const engineArg = args.indexOf('--engine');
  const engine = (engineArg >= 0 ? args[engineArg + 1] : 'auto') as EngineChoice;
  const root = resolve(dir, 'holes');
  const outDir = resolve('eval-results', 'holes');
  mkdirSync(outDir, { recursive: true });
  const rows: Record<string, string | number>[] = [];
  for (const name of readdirSync(root).sort()) {
    const input = await readRgba(join(root, name, 'image.png'));
    const mask = await readMask(join(root, name, 'mask.png'));
    const truth = await readRgba(join(root, name, 'truth.png'));
    const t0 = performance.now();
    const { image, runs } = await inpaint(input, mask, { engine });
    const ms = performance.now() - t0;
    const reach = DEFAULT_DILATE + DEFAULT_FEATHER;
    const far = invert(dilate(mask, reach + 1));
    const gradient = meanGradient(image, mask) / meanGradient(truth, mask);
    rows.push({
      case: name,
      'psnr hole dB': +psnr(image, truth, mask).toFixed(2),
      'ssim around': +ssim(image, truth, ring(mask, 0, 16)).toFixed(3),
      'gradient ratio': +gradient.toFixed(2),
      'changed far px': changedPixels(image, input, far),
      engines: [...new Set(runs.map((r) => r.engine))].join('+'),
      ms: Math.round(ms),
    });
    await writePng(join(outDir, `${name}.png`), sideBySide([input, maskAsImage(mask), image, truth]));
  }
  console.table(rows);
  const meanPsnr = mean(rows.map((r) => r['psnr hole dB'] as number));
  const meanGrad = mean(rows.map((r) => r['gradient ratio'] as number));
  const far = rows.reduce((s, r) => s + (r['changed far px'] as number), 0);
  console.log(
    `mean PSNR in hole ${meanPsnr.toFixed(2)} dB (Telea ${TELEA_PSNR}), mean SSIM around ${mean(rows.map((r) => r['ssim around'] as number)).toFixed(3)}, mean gradient ratio ${meanGrad.toFixed(2)}, changed far pixels ${far}`,
  );
  const ok = meanPsnr >= TELEA_PSNR - 1 && meanGrad >= 0.8 && meanGrad <= 1.2 && far === 0;
  console.log(ok ? 'targets met' : 'targets NOT met (PSNR >= Telea - 1 dB, gradient ratio 0.8-1.2, 0 far pixels)');
  console.log(`side-by-side pictures: ${outDir}`);
  return ok ? 0 : 1;
}
