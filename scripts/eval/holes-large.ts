// `npm run eval -- holes-large <dataset dir>`: large holes in the data set's 24 MP photo
// (large/*.jpg), filled at full resolution with the inpaint op (issue #11: such a hole came
// back as a smear, its crop filled shrunk to 2048 px and scaled up). Per case: PSNR inside
// the hole, the gradient ratio (mean gradient in the hole of the fill over the truth's: a
// smear scores low), the same for OpenCV's Telea on a crop around the hole, and the time.
// Pictures go to eval-results/holes-large/: <case>.png (input | result | truth | Telea around
// the hole, scaled down) and <case>-detail.png (result | truth at full resolution, the
// hole's centre); the figures to eval-results/holes-large.json.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { cropImage, cropMask } from '../../src/core/image.ts';
import { resizeRgba } from '../../src/core/resample.ts';
import type { Box, Mask, RgbaImage } from '../../src/core/types.ts';
import { inpaint } from '../../src/ops/inpaint/index.ts';
import { positional } from './dataset.ts';
import { openCvFill } from './opencv.ts';
import { meanGradient, psnr, sideBySide, writePng } from './pixels.ts';

const USAGE = 'usage: npm run eval -- holes-large <dataset dir>   (reads <dir>/large/*.jpg)';

/** Holes as ellipses in fractions of the photo: [name, cx, cy, rx, ry]. Wide enough that the crop passes 2048 px. */
const CASES: [string, number, number, number, number][] = [
  ['floor-ellipse', 0.3, 0.82, 0.19, 0.11],
  ['wall-ellipse', 0.2, 0.22, 0.15, 0.17],
];

function ellipse(w: number, h: number, cx: number, cy: number, rx: number, ry: number): Mask {
  const data = new Uint8Array(w * h);
  for (let y = Math.max(0, Math.floor(cy - ry)); y <= Math.min(h - 1, Math.ceil(cy + ry)); y++)
    for (let x = Math.max(0, Math.floor(cx - rx)); x <= Math.min(w - 1, Math.ceil(cx + rx)); x++)
      if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) data[y * w + x] = 255;
  return { width: w, height: h, data };
}

const round = (v: number, d = 2) => +v.toFixed(d);

export async function run(args: string[]): Promise<number> {
  const dir = positional(args);
  if (!dir) {
    console.error(`holes-large: no data set given\n${USAGE}`);
    return 2;
  }
  const large = resolve(dir, 'large');
  const file = readdirSync(large).find((f) => f.endsWith('.jpg'));
  if (!file) {
    console.error(`holes-large: no .jpg in ${large}\n${USAGE}`);
    return 2;
  }
  const { data, info } = await sharp(join(large, file)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const truth: RgbaImage = {
    width: info.width,
    height: info.height,
    data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
  };
  const { width: w, height: h } = truth;
  const outDir = resolve('eval-results', 'holes-large');
  mkdirSync(outDir, { recursive: true });
  const rows = [];
  for (const [name, fx, fy, frx, fry] of CASES) {
    const [cx, cy, rx, ry] = [fx * w, fy * h, frx * w, fry * h];
    const mask = ellipse(w, h, cx, cy, rx, ry);
    const input: RgbaImage = { width: w, height: h, data: new Uint8ClampedArray(truth.data) };
    for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) input.data.set([255, 255, 255, 255], i * 4);
    const t0 = performance.now();
    const { image, runs } = await inpaint(input, mask, { seed: 1 });
    const ms = performance.now() - t0;
    // Telea on the hole's box with 64 px around it (its result does not depend on more)
    const box: Box = [
      Math.max(0, Math.floor(cx - rx - 64)),
      Math.max(0, Math.floor(cy - ry - 64)),
      Math.min(w, Math.ceil(cx + rx + 64)),
      Math.min(h, Math.ceil(cy + ry + 64)),
    ];
    const holeCrop = cropMask(mask, box);
    const [telea] = await openCvFill('telea', [{ image: cropImage(input, box), mask: holeCrop }]);
    const ours = cropImage(image, box),
      truthCrop = cropImage(truth, box);
    const truthGrad = meanGradient(truthCrop, holeCrop);
    rows.push({
      case: name,
      'hole px': mask.data.reduce((s, v) => s + (v ? 1 : 0), 0),
      'psnr dB': round(psnr(ours, truthCrop, holeCrop)),
      'telea dB': round(psnr(telea, truthCrop, holeCrop)),
      'grad ratio': round(meanGradient(ours, holeCrop) / truthGrad),
      'telea grad': round(meanGradient(telea, holeCrop) / truthGrad),
      engines: runs.map((r) => `${r.engine}${r.resizedTo ? ` at ${r.resizedTo.join('x')}` : ''}`).join(', '),
      ms: Math.round(ms),
    });
    const k = 1200 / (box[2] - box[0]);
    const small = (img: RgbaImage) => resizeRgba(img, 1200, Math.round((box[3] - box[1]) * k));
    await writePng(join(outDir, `${name}.png`), sideBySide([small(cropImage(input, box)), small(ours), small(truthCrop), small(telea)]));
    const detail: Box = [Math.round(cx - 400), Math.round(cy - 250), Math.round(cx + 400), Math.round(cy + 250)];
    await writePng(join(outDir, `${name}-detail.png`), sideBySide([cropImage(image, detail), cropImage(truth, detail)]));
  }
  console.table(rows);
  const out = resolve('eval-results', 'holes-large.json');
  writeFileSync(out, JSON.stringify({ kind: 'holes-large', photo: join(large, file), cases: rows }, null, 1));
  console.log(`pictures (input | result | truth | Telea around the hole; result | truth at full resolution): ${outDir}\nwrote ${out}`);
  return 0;
}
