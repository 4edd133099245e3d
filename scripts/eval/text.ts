// `npm run eval -- text <dataset dir> [--engine <id>] [--truth-boxes]`: the whole remove-text
// flow on every dev/text case with its own detection (the truth mask is never used), scored
// by PSNR inside the text areas (truth mask dilated 3 px) against clean.png, plus pixels
// changed far from any filled box and the leftover text flagged by the re-check.
// --truth-boxes feeds boxes.json instead of detecting (isolates the fill; not the target).
// Side-by-side PNGs (input | our mask | result | clean) go to eval-results/text/.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dilate } from '../../src/core/mask-ops.ts';
import type { Box, Mask } from '../../src/core/types.ts';
import type { EngineChoice } from '../../src/ops/inpaint/index.ts';
import { removeTextWith, type TextDetector } from '../../src/ops/remove-text.ts';
import { changedPixels, maskAsImage, mean, psnr, readMask, readRgba, sideBySide, writePng } from './pixels.ts';
import { detector } from './text-detector.ts';

const TARGET_DB = 21;

export async function run(args: string[]): Promise<number> {
  const dir = args.find((a) => !a.startsWith('--'));
  if (!dir) { console.error('usage: npm run eval -- text <dataset dir> [--engine <id>] [--truth-boxes]'); return 2; }
  const engineArg = args.indexOf('--engine');
  const engine = (engineArg >= 0 ? args[engineArg + 1] : 'auto') as EngineChoice;
  const truthBoxes = args.includes('--truth-boxes');
  const root = resolve(dir, 'text');
  const outDir = resolve('eval-results', 'text');
  mkdirSync(outDir, { recursive: true });
  const { detect, ctx } = truthBoxes ? { detect: (async () => []) as TextDetector, ctx: {} } : await detector();
  const rows: Record<string, string | number>[] = [];
  for (const name of readdirSync(root).sort()) {
    const input = await readRgba(join(root, name, 'texted.png'));
    const clean = await readRgba(join(root, name, 'clean.png'));
    const truth = await readMask(join(root, name, 'mask.png'));
    const areas = dilate(truth, 3);
    const given = truthBoxes ? (JSON.parse(readFileSync(join(root, name, 'boxes.json'), 'utf8')) as { boxes: { box: Box }[] }).boxes.map((b) => b.box) : undefined;
    const t0 = performance.now();
    const result = await removeTextWith(detect, input, { engine, boxes: given, skipRecheck: truthBoxes }, ctx);
    const ms = performance.now() - t0;
    const far: Mask = { ...result.mask, data: dilate(result.mask, 9).data.map((v) => 255 - v) };
    rows.push({
      case: name,
      boxes: result.boxes.length,
      'psnr before dB': +psnr(input, clean, areas).toFixed(2),
      'psnr after dB': +psnr(result.image, clean, areas).toFixed(2),
      'changed far px': changedPixels(result.image, input, far),
      leftover: result.leftover.length,
      engines: [...new Set(result.runs.map((r) => r.engine))].join('+'),
      ms: Math.round(ms),
    });
    await writePng(join(outDir, `${name}.png`), sideBySide([input, maskAsImage(result.mask), result.image, clean]));
  }
  console.table(rows);
  const after = mean(rows.map((r) => r['psnr after dB'] as number));
  console.log(`mean PSNR in text areas ${mean(rows.map((r) => r['psnr before dB'] as number)).toFixed(2)} dB before, ${after.toFixed(2)} dB after (target >= ${TARGET_DB}; Telea on the truth mask: 19.76)${truthBoxes ? ' [truth boxes, not the target flow]' : ''}`);
  console.log(`side-by-side pictures: ${outDir}`);
  return after >= TARGET_DB ? 0 : 1;
}
