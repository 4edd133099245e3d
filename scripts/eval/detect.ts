// `npm run eval -- detect <dataset dir> [--model id] [--tiles auto|always|never] [--in-large]`:
// text detection recall and precision against <dir>/text/*/boxes.json.
// --in-large pastes each case at full size into <dir>/large/motorcycle-24mp.jpg and detects
// on the whole 24 MP photo: small text in a large photo, found only by the tiled level;
// only detections touching the pasted case are scored (the photo has real text of its own).
// A truth box is found when predicted boxes cover >= 80% of it; a predicted box is correct
// when >= 50% of it lies on truth boxes.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Box, RgbaImage } from '../../src/core/types.ts';
import { coveredFraction } from '../../src/ops/detect-text/coverage.ts';
import { detectText } from '../../src/ops/detect-text/detect.ts';
import type { TileMode } from '../../src/ops/detect-text/plan.ts';
import { createNodePort } from '../../src/runtime/ort-node.ts';
import { readRgba } from './load-image.ts';

const FOUND = 0.8;
const CORRECT = 0.5;

/** Where --in-large puts each case in the 6000x4000 photo. */
const PASTE_AT: [number, number] = [2400, 1600];

/** A copy of `photo` with `patch` pasted at `at` (opaque). */
function pasted(photo: RgbaImage, patch: RgbaImage, [x0, y0]: [number, number]): RgbaImage {
  const data = new Uint8ClampedArray(photo.data);
  for (let y = 0; y < patch.height; y++) {
    data.set(patch.data.subarray(y * patch.width * 4, (y + 1) * patch.width * 4), ((y0 + y) * photo.width + x0) * 4);
  }
  return { width: photo.width, height: photo.height, data };
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function run(args: string[]): Promise<number> {
  const dir = args[0];
  const textDir = dir && join(dir, 'text');
  if (!textDir || !existsSync(textDir)) {
    console.error(`detect eval: ${textDir ?? '<dir>'}/ not found. usage: npm run eval -- detect <dataset dir>   e.g. ../shared/datasets/dev`);
    return 2;
  }
  const model = option(args, '--model');
  const tiles = option(args, '--tiles') as TileMode | undefined;
  const inLarge = args.includes('--in-large');
  const large = inLarge ? await readRgba(join(dir, 'large', 'motorcycle-24mp.jpg')) : undefined;
  const port = createNodePort();
  const rows = [];
  let found = 0, truths = 0, correct = 0, predicted = 0;
  const byStyle = new Map<string, { truth: number; found: number }>();
  for (const name of readdirSync(textDir).sort()) {
    const labelled = (JSON.parse(readFileSync(join(textDir, name, 'boxes.json'), 'utf8')) as { boxes: { box: Box; style?: string }[] }).boxes;
    const texted = await readRgba(join(textDir, name, 'texted.png'));
    const [image, at] = large ? [pasted(large, texted, PASTE_AT), PASTE_AT] : [texted, [0, 0]];
    for (const b of labelled) b.box = [b.box[0] + at[0], b.box[1] + at[1], b.box[2] + at[0], b.box[3] + at[1]];
    const truth = labelled.map((b) => b.box);
    const inCase = (b: Box) => b[0] < at[0] + texted.width && b[2] > at[0] && b[1] < at[1] + texted.height && b[3] > at[1];
    const t0 = performance.now();
    const boxes = (await detectText(image, { model, tiles }, { port })).boxes.map((b) => b.box).filter(inCase);
    const ms = performance.now() - t0;
    const f = truth.filter((t) => coveredFraction(t, boxes) >= FOUND).length;
    const c = boxes.filter((p) => coveredFraction(p, truth) >= CORRECT).length;
    found += f; truths += truth.length; correct += c; predicted += boxes.length;
    for (const t of labelled) {
      const k = byStyle.get(t.style ?? '-') ?? { truth: 0, found: 0 };
      k.truth++;
      if (coveredFraction(t.box, boxes) >= FOUND) k.found++;
      byStyle.set(t.style ?? '-', k);
    }
    const missed = truth.filter((t) => coveredFraction(t, boxes) < FOUND).map((box) => ({ box, covered: coveredFraction(box, boxes) }));
    const wrong = boxes.filter((p) => coveredFraction(p, truth) < CORRECT).map((box) => ({ box, onTruth: coveredFraction(box, truth) }));
    rows.push({ name, truth: truth.length, found: f, predicted: boxes.length, correct: c, recall: f / truth.length, precision: boxes.length ? c / boxes.length : 1, ms: Math.round(ms), missed, wrong });
  }
  const recall = found / truths;
  const precision = predicted ? correct / predicted : 1;
  console.log('image          truth found  pred correct  recall precision     ms');
  for (const r of rows) {
    console.log(`${r.name.padEnd(14)} ${String(r.truth).padStart(5)} ${String(r.found).padStart(5)} ${String(r.predicted).padStart(5)} ${String(r.correct).padStart(7)}  ${r.recall.toFixed(3).padStart(6)} ${r.precision.toFixed(3).padStart(9)} ${String(r.ms).padStart(6)}`);
    for (const m of r.missed) console.log(`               missed truth [${m.box.join(', ')}], covered ${(m.covered * 100).toFixed(0)}%`);
    for (const w of r.wrong) console.log(`               wrong box    [${w.box.join(', ')}], ${(w.onTruth * 100).toFixed(0)}% on truth`);
  }
  console.log(`${'ALL'.padEnd(14)} ${String(truths).padStart(5)} ${String(found).padStart(5)} ${String(predicted).padStart(5)} ${String(correct).padStart(7)}  ${recall.toFixed(3).padStart(6)} ${precision.toFixed(3).padStart(9)}`);
  console.log(`recall by style: ${[...byStyle].map(([k, v]) => `${k} ${v.found}/${v.truth}`).join(', ')}`);
  console.log(`targets: recall >= 0.95, precision >= 0.90 -> ${recall >= 0.95 && precision >= 0.9 ? 'met' : 'NOT met'}`);
  const outDir = resolve(import.meta.dirname, '../../eval-results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, inLarge ? 'detect-in-large.json' : 'detect.json');
  writeFileSync(file, JSON.stringify({ kind: 'detect', dataset: resolve(dir), inLarge, model: model ?? 'ppocr-v3-det-ch', tiles: tiles ?? 'auto', recall, precision, recallByStyle: Object.fromEntries(byStyle), images: rows }, null, 1));
  console.log(`wrote ${file}`);
  return 0;
}
