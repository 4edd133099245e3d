// `npm run eval -- detect <dataset dir> | --wider [--model id] [--second-model id|none] [--tiles auto|always|never] [--looks a,b|none] [--in-large | --synthetic]`:
// text detection recall and precision against <dir>/text/*/boxes.json.
// --in-large pastes each case at full size into <dir>/large/motorcycle-24mp.jpg and detects
// on the whole 24 MP photo: small text in a large photo, found only by the tiled level;
// only detections touching the pasted case are scored (the photo has real text of its own).
// --synthetic scores a held-out set instead (see synthetic-watermarks.ts): semi-transparent
// text composited onto other crops of the dataset's photos, to check that a change which
// helps dev/text is not tuned to its seven images. The crops show real text of their own
// (labels on the motorcycle): a detection lying >= 50% on text that the same detectors,
// without looks, find in the crop before the overlays is neither correct nor wrong, and is
// not counted.
// --looks picks the extra looks at faint overlays (default: LOOKS; none: the photo only).
// --second-model picks the second detector (default: DEFAULT_SECOND_MODEL; none: the first only).
// --wider runs on the generated wider set (see wider/generate.ts), generating it when missing.
// A truth box is found when predicted boxes cover >= 80% of it; a predicted box is correct
// when >= 50% of it lies on truth boxes. Last, the time of one detection on a 960 px photo.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import type { Box, RgbaImage } from '../../src/core/types.ts';
import { coveredFraction } from '../../src/ops/detect-text/coverage.ts';
import { DEFAULT_SECOND_MODEL, detectText, type DetectTextOptions } from '../../src/ops/detect-text/detect.ts';
import type { TileMode } from '../../src/ops/detect-text/plan.ts';
import { ALL_LOOKS, LOOKS, type Look } from '../../src/ops/detect-text/looks.ts';
import type { InferencePort } from '../../src/ops/port.ts';
import { createNodePort } from '../../src/runtime/ort-node.ts';
import { dataset } from './dataset.ts';
import { readRgba } from './load-image.ts';
import { syntheticCases, type EvalCase, type LabelledBox } from './synthetic-watermarks.ts';

const FOUND = 0.8;
const CORRECT = 0.5;
const TIMING_RUNS = 5;

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

/** A case to score: `area` limits scoring to detections touching it (the pasted case in --in-large). */
interface Scored extends EvalCase {
  area?: Box;
}

async function datasetCases(dir: string, inLarge: boolean): Promise<Scored[]> {
  const textDir = join(dir, 'text');
  const large = inLarge ? await readRgba(join(dir, 'large', 'motorcycle-24mp.jpg')) : undefined;
  const cases: Scored[] = [];
  for (const name of readdirSync(textDir).sort()) {
    const truth = (JSON.parse(readFileSync(join(textDir, name, 'boxes.json'), 'utf8')) as { boxes: LabelledBox[] }).boxes;
    const texted = await readRgba(join(textDir, name, 'texted.png'));
    if (!large) {
      cases.push({ name, image: texted, truth });
      continue;
    }
    const [ax, ay] = PASTE_AT;
    const shift = (b: Box): Box => [b[0] + ax, b[1] + ay, b[2] + ax, b[3] + ay];
    cases.push({
      name,
      image: pasted(large, texted, PASTE_AT),
      truth: truth.map((t) => ({ ...t, box: shift(t.box) })),
      area: [ax, ay, ax + texted.width, ay + texted.height],
    });
  }
  return cases;
}

/** Median time (ms) of one detection on a photo scaled to 960 px on its longer side (the bench's size). */
async function timing960(dir: string, port: InferencePort, options: DetectTextOptions): Promise<number> {
  const first = readdirSync(join(dir, 'text')).sort()[0];
  const photo = existsSync(join(dir, 'text', 'motorcycle')) ? 'motorcycle' : first;
  const { data, info } = await sharp(join(dir, 'text', photo, 'clean.png'))
    .resize({ width: 960, height: 960, fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const image = { width: info.width, height: info.height, data: new Uint8ClampedArray(data) };
  await detectText(image, options, { port }); // warm-up: session creation
  const times = [];
  for (let i = 0; i < TIMING_RUNS; i++) {
    const t0 = performance.now();
    await detectText(image, options, { port });
    times.push(performance.now() - t0);
  }
  return Math.round(times.sort((a, b) => a - b)[TIMING_RUNS >> 1]);
}

export async function run(args: string[]): Promise<number> {
  const ds = await dataset(args, 'text', ['--model', '--second-model', '--tiles', '--looks']);
  if (typeof ds === 'string') {
    console.error(`detect eval: ${ds}\nusage: npm run eval -- detect <dataset dir> | --wider   e.g. ../shared/datasets/dev`);
    return 2;
  }
  const dir = ds.dir;
  const model = option(args, '--model');
  const tiles = option(args, '--tiles') as TileMode | undefined;
  const looksArg = option(args, '--looks');
  const looks = looksArg === undefined ? undefined : looksArg === 'none' ? [] : (looksArg.split(',') as Look[]);
  const unknown = looks?.find((l) => !ALL_LOOKS.includes(l));
  if (unknown) {
    console.error(`detect eval: unknown look '${unknown}'; choose from ${ALL_LOOKS.join(', ')} or none`);
    return 2;
  }
  const secondArg = option(args, '--second-model');
  const secondModel = secondArg === undefined ? undefined : secondArg === 'none' ? null : secondArg;
  const levelsArg = option(args, '--levels');
  const secondLevelArg = option(args, '--second-level');
  const options: DetectTextOptions = {
    model,
    tiles,
    looks,
    secondModel,
    ...(levelsArg ? { levels: levelsArg.split(',').map(Number) } : {}),
    ...(secondLevelArg ? { secondLevel: Number(secondLevelArg) } : {}),
  };
  const inLarge = args.includes('--in-large');
  const synthetic = args.includes('--synthetic');
  const port = createNodePort();
  const cases: Scored[] = synthetic ? await syntheticCases(dir) : await datasetCases(dir, inLarge);
  const rows = [];
  let found = 0,
    truths = 0,
    correct = 0,
    predicted = 0;
  const byStyle = new Map<string, { truth: number; found: number }>();
  let sceneText = 0;
  for (const { name, image, truth: labelled, area, background } of cases) {
    const truth = labelled.map((b) => b.box);
    const inArea = (b: Box) => !area || (b[0] < area[2] && b[2] > area[0] && b[1] < area[3] && b[3] > area[1]);
    const scene = background ? (await detectText(background, { ...options, looks: [] }, { port })).boxes.map((b) => b.box) : [];
    const t0 = performance.now();
    const all = (await detectText(image, options, { port })).boxes.map((b) => b.box).filter(inArea);
    const ms = performance.now() - t0;
    const boxes = all.filter((p) => coveredFraction(p, truth) >= CORRECT || coveredFraction(p, scene) < CORRECT);
    sceneText += all.length - boxes.length;
    const f = truth.filter((t) => coveredFraction(t, boxes) >= FOUND).length;
    const c = boxes.filter((p) => coveredFraction(p, truth) >= CORRECT).length;
    found += f;
    truths += truth.length;
    correct += c;
    predicted += boxes.length;
    for (const t of labelled) {
      const k = byStyle.get(t.style ?? '-') ?? { truth: 0, found: 0 };
      k.truth++;
      if (coveredFraction(t.box, boxes) >= FOUND) k.found++;
      byStyle.set(t.style ?? '-', k);
    }
    const missed = labelled
      .filter((t) => coveredFraction(t.box, boxes) < FOUND)
      .map((t) => ({ box: t.box, style: t.style, covered: coveredFraction(t.box, boxes) }));
    const wrong = boxes.filter((p) => coveredFraction(p, truth) < CORRECT).map((box) => ({ box, onTruth: coveredFraction(box, truth) }));
    rows.push({
      name,
      truth: truth.length,
      found: f,
      predicted: boxes.length,
      correct: c,
      recall: f / truth.length,
      precision: boxes.length ? c / boxes.length : 1,
      ms: Math.round(ms),
      missed,
      wrong,
    });
  }
  const recall = found / truths;
  const precision = predicted ? correct / predicted : 1;
  console.log('image          truth found  pred correct  recall precision     ms');
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(14)} ${String(r.truth).padStart(5)} ${String(r.found).padStart(5)} ${String(r.predicted).padStart(5)} ${String(r.correct).padStart(7)}  ${r.recall.toFixed(3).padStart(6)} ${r.precision.toFixed(3).padStart(9)} ${String(r.ms).padStart(6)}`,
    );
    for (const m of r.missed)
      console.log(`               missed truth [${m.box.join(', ')}] (${m.style ?? '-'}), covered ${(m.covered * 100).toFixed(0)}%`);
    for (const w of r.wrong) console.log(`               wrong box    [${w.box.join(', ')}], ${(w.onTruth * 100).toFixed(0)}% on truth`);
  }
  console.log(
    `${'ALL'.padEnd(14)} ${String(truths).padStart(5)} ${String(found).padStart(5)} ${String(predicted).padStart(5)} ${String(correct).padStart(7)}  ${recall.toFixed(3).padStart(6)} ${precision.toFixed(3).padStart(9)}`,
  );
  if (synthetic) console.log(`not counted: ${sceneText} detections of the photos' own text`);
  console.log(
    `recall by style: ${[...byStyle]
      .sort()
      .map(([k, v]) => `${k} ${v.found}/${v.truth}`)
      .join(', ')}`,
  );
  const ms960 = existsSync(join(dir, 'text', 'motorcycle')) ? await timing960(dir, port, options) : null;
  if (ms960 !== null) console.log(`one detection on a 960 px photo: ${ms960} ms (median of ${TIMING_RUNS})`);
  if (!synthetic) console.log(`targets: recall >= 0.95, precision >= 0.90 -> ${recall >= 0.95 && precision >= 0.9 ? 'met' : 'NOT met'}`);
  const outDir = resolve(import.meta.dirname, '../../eval-results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, synthetic ? 'detect-synthetic.json' : inLarge ? 'detect-in-large.json' : `detect-${ds.label}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        kind: 'detect',
        dataset: resolve(dir),
        inLarge,
        synthetic,
        model: model ?? 'ppocr-v3-det-ch',
        tiles: tiles ?? 'auto',
        looks: looks ?? LOOKS,
        secondModel: secondModel === undefined ? DEFAULT_SECOND_MODEL : secondModel,
        recall,
        precision,
        recallByStyle: Object.fromEntries(byStyle),
        ms960,
        images: rows,
      },
      null,
      1,
    ),
  );
  console.log(`wrote ${file}`);
  return 0;
}
