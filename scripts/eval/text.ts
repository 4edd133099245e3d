// `npm run eval -- text <dataset dir> [--engine <id>] [--truth-boxes] [--synthetic]`: the whole
// remove-text flow on every dev/text case with its own detection (the truth mask is never
// used), scored inside the text areas (truth mask dilated 3 px) against clean.png:
// - PSNR (the target: >= 21 dB on dev);
// - gradient ratio: mean gradient magnitude of the result over the clean photo's (about 1 for
//   a fill with the photo's texture, well below 1 for a smudge, above 1 for ghost edges);
// - mask recall: share of the text pixels our grown mask covered;
// - still read: truth boxes the detector still finds text in on the result (ghosts);
// plus pixels changed far from the filled areas and the leftover text the re-check flagged.
// --truth-boxes feeds the true boxes instead of detecting (isolates mask + fill; not the target).
// --synthetic runs the held-out set of text-synthetic.ts instead of dev/text (same scores).
// Side-by-side PNGs (input | our mask | result | clean) go to eval-results/text[-synthetic]/.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dilate } from '../../src/core/mask-ops.ts';
import type { Box, Mask } from '../../src/core/types.ts';
import type { OpContext } from '../../src/ops/context.ts';
import type { EngineChoice } from '../../src/ops/inpaint/index.ts';
import { removeTextWith, TEXT_DILATE, type TextDetector } from '../../src/ops/remove-text/remove-text.ts';
import { changedPixels, maskAsImage, mean, meanGradient, psnr, readMask, readRgba, sideBySide, writePng } from './pixels.ts';
import { detector } from './text-detector.ts';
import { syntheticTextCases, type TextCase } from './text-synthetic.ts';

const TARGET_DB = 21;

async function devCases(dir: string): Promise<TextCase[]> {
  const root = resolve(dir, 'text');
  const cases: TextCase[] = [];
  for (const name of readdirSync(root).sort()) {
    const boxes = (JSON.parse(readFileSync(join(root, name, 'boxes.json'), 'utf8')) as { boxes: { box: Box }[] }).boxes.map((b) => b.box);
    cases.push({
      name,
      boxes,
      texted: await readRgba(join(root, name, 'texted.png')),
      clean: await readRgba(join(root, name, 'clean.png')),
      mask: await readMask(join(root, name, 'mask.png')),
    });
  }
  return cases;
}

function overlaps(a: Box, b: Box): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

function covered(truth: Mask, ours: Mask): number {
  let n = 0,
    hit = 0;
  for (let i = 0; i < truth.data.length; i++)
    if (truth.data[i] >= 128) {
      n++;
      if (ours.data[i] >= 128) hit++;
    }
  return n ? hit / n : 1;
}

export async function run(args: string[]): Promise<number> {
  const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--engine');
  if (!dir) {
    console.error('usage: npm run eval -- text <dataset dir> [--engine <id>] [--truth-boxes] [--synthetic]');
    return 2;
  }
  const engineArg = args.indexOf('--engine');
  const engine = (engineArg >= 0 ? args[engineArg + 1] : 'auto') as EngineChoice;
  const truthBoxes = args.includes('--truth-boxes');
  const synthetic = args.includes('--synthetic');
  const outDir = resolve('eval-results', synthetic ? 'text-synthetic' : 'text');
  mkdirSync(outDir, { recursive: true });
  const real = await detector();
  const { detect, ctx }: { detect: TextDetector; ctx: OpContext } = truthBoxes ? { detect: async () => [], ctx: {} } : real;
  const cases = synthetic ? await syntheticTextCases(resolve(dir)) : await devCases(dir);
  const rows: Record<string, string | number>[] = [];
  for (const c of cases) {
    const areas = dilate(c.mask, 3);
    const t0 = performance.now();
    const result = await removeTextWith(
      detect,
      c.texted,
      { engine, boxes: truthBoxes ? c.boxes : undefined, skipRecheck: truthBoxes },
      ctx,
    );
    const ms = performance.now() - t0;
    const far: Mask = { ...result.mask, data: dilate(result.mask, 9).data.map((v) => 255 - v) };
    const stillRead = (await real.detect(result.image, {}, real.ctx)).map((b) => b.box);
    rows.push({
      case: c.name,
      boxes: `${result.boxes.length}/${c.boxes.length}`,
      'psnr before': +psnr(c.texted, c.clean, areas).toFixed(2),
      'psnr after': +psnr(result.image, c.clean, areas).toFixed(2),
      'grad ratio': +(meanGradient(result.image, areas) / meanGradient(c.clean, areas)).toFixed(2),
      'mask recall': +covered(c.mask, dilate(result.mask, TEXT_DILATE)).toFixed(3),
      'still read': c.boxes.filter((t) => stillRead.some((b) => overlaps(t, b))).length,
      'changed far': changedPixels(result.image, c.texted, far),
      leftover: result.leftover.length,
      engines: [...new Set(result.runs.map((r) => r.engine))].join('+'),
      ms: Math.round(ms),
    });
    await writePng(join(outDir, `${c.name}.png`), sideBySide([c.texted, maskAsImage(result.mask), result.image, c.clean]));
  }
  console.table(rows);
  const col = (k: string) => mean(rows.map((r) => r[k] as number));
  const after = col('psnr after');
  const stillRead = rows.reduce((s, r) => s + (r['still read'] as number), 0);
  const total = cases.reduce((s, c) => s + c.boxes.length, 0);
  console.log(
    `${synthetic ? 'held-out (synthetic)' : 'dev'}: mean PSNR in text areas ${col('psnr before').toFixed(2)} dB before, ${after.toFixed(2)} dB after` +
      ` (target >= ${TARGET_DB} on dev; Telea on the truth mask: 19.76); gradient ratio ${col('grad ratio').toFixed(2)};` +
      ` mask recall ${col('mask recall').toFixed(3)}; text still detected in ${stillRead} of ${total} boxes${truthBoxes ? ' [truth boxes, not the target flow]' : ''}`,
  );
  console.log(`side-by-side pictures: ${outDir}`);
  return after >= TARGET_DB ? 0 : 1;
}
