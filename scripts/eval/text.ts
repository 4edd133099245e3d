// `npm run eval -- text <dataset dir> | --wider [--engine <id>] [--own-only] [--only a,b] [--synthetic]`: the
// whole remove-text flow on every text/ case with its own detection, scored against clean.png
// inside the text areas (truth mask dilated 3 px), per case and per text style (boxes.json's
// `style`), next to:
// - the same flow given the true boxes (detection taken out of the score),
// - our fill, with remove-text's fill settings, given the true mask dilated 3 px (the fill
//   alone, on what Telea gets), and
// - OpenCV Telea (radius 5) on the true mask dilated 3 px, computed here: the reference.
// Also: detection recall (a truth box is found when our boxes cover >= 80% of it) and
// precision (a box is correct when >= 50% of it lies on truth boxes); the share of pixels
// farther than 48 px from any text that changed (target 0), pixels changed outside the truth
// boxes grown by 8 px, and those on the textured objects next to captions (case.json
// `objects`); the gradient ratio (result over clean in the text areas: ~1 keeps texture, well
// below 1 is a smudge); boxes the detector still reads on the result; the leftover flag and the
// leftovers filled a second time.
// --own-only skips the true-box and true-mask runs; --only a,b keeps the cases whose names
// contain a or b. --synthetic runs text-synthetic.ts's
// held-out set instead. Side-by-side PNGs (input | our mask | result | clean | Telea) go to
// eval-results/text-<set>/, the figures to eval-results/text-<set>.json.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dilate } from '../../src/core/mask-ops.ts';
import type { Box, Mask, RgbaImage } from '../../src/core/types.ts';
import { coveredFraction } from '../../src/ops/detect-text/coverage.ts';
import type { EngineChoice } from '../../src/ops/inpaint/index.ts';
import { removeTextWith, TEXT_DILATE, TEXT_FLAT_RING_GRADIENT, TEXT_THIN_RADIUS } from '../../src/ops/remove-text/remove-text.ts';
import { fillText } from '../../src/ops/remove-text/text-fill.ts';
import { dataset, onlyFilter, option } from './dataset.ts';
import { openCvFill } from './opencv.ts';
import { changedPixels, maskAsImage, mean, meanGradient, psnr, readMask, readRgba, sideBySide, writePng } from './pixels.ts';
import { detector } from './text-detector.ts';
import { syntheticTextCases } from './text-synthetic.ts';

const USAGE = 'usage: npm run eval -- text <dataset dir> | --wider [--engine <id>] [--own-only] [--only <names>] [--synthetic]';
const TARGET_DB = 23;
const FOUND = 0.8;
const CORRECT = 0.5;
/** Pixels farther than this from any text must not change. */
const FAR = 48;
/** The repainted area may reach this far beyond a truth box (outline and shadow are inside the box). */
const BOX_SLACK = 8;

type Rect = [number, number, number, number];

interface TruthBox {
  box: Box;
  style: string;
  text?: string;
}

interface Case {
  name: string;
  clean: RgbaImage;
  texted: RgbaImage;
  mask: Mask;
  boxes: TruthBox[];
  objects: Rect[];
}

async function datasetCases(dir: string, keep: (name: string) => boolean): Promise<Case[]> {
  const root = join(dir, 'text');
  const cases: Case[] = [];
  for (const name of readdirSync(root).sort().filter(keep)) {
    const d = join(root, name);
    const boxes = (JSON.parse(readFileSync(join(d, 'boxes.json'), 'utf8')) as { boxes: TruthBox[] }).boxes;
    const info = existsSync(join(d, 'case.json')) ? (JSON.parse(readFileSync(join(d, 'case.json'), 'utf8')) as { objects?: Rect[] }) : {};
    cases.push({
      name,
      boxes,
      objects: info.objects ?? [],
      texted: await readRgba(join(d, 'texted.png')),
      clean: await readRgba(join(d, 'clean.png')),
      mask: await readMask(join(d, 'mask.png')),
    });
  }
  return cases;
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

/** 255 inside any of the rects grown by `grow` (clipped to the image). */
function rectMask(w: number, h: number, rects: readonly Rect[], grow: number): Mask {
  const data = new Uint8Array(w * h);
  for (const [x0, y0, x1, y1] of rects)
    for (let y = Math.max(0, y0 - grow); y < Math.min(h, y1 + grow); y++)
      data.fill(255, y * w + Math.max(0, x0 - grow), y * w + Math.min(w, x1 + grow));
  return { width: w, height: h, data };
}

const and = (a: Mask, b: Mask): Mask => ({ ...a, data: a.data.map((v, i) => (v && b.data[i] ? 255 : 0)) });
const not = (a: Mask): Mask => ({ ...a, data: a.data.map((v) => (v ? 0 : 255)) });
const count = (m: Mask) => m.data.reduce((s, v) => s + (v ? 1 : 0), 0);
const round = (v: number, d = 2) => (Number.isFinite(v) ? +v.toFixed(d) : v);

interface BoxRow {
  case: string;
  style: string;
  found: boolean;
  before: number;
  own: number;
  trueBoxes?: number;
  trueMask?: number;
  telea: number;
  /** Mean gradient of our result over the clean photo's in the text area (blur ~0.55). */
  grad: number;
}

export async function run(args: string[]): Promise<number> {
  const synthetic = args.includes('--synthetic');
  const ds = synthetic
    ? { dir: resolve(args.find((a) => !a.startsWith('--')) ?? ''), label: 'synthetic' }
    : await dataset(args, 'text', ['--engine', '--only']);
  if (typeof ds === 'string') {
    console.error(`text eval: ${ds}\n${USAGE}`);
    return 2;
  }
  const engine = (option(args, '--engine') ?? 'auto') as EngineChoice;
  const ownOnly = args.includes('--own-only');
  const outDir = resolve('eval-results', `text-${ds.label}`);
  mkdirSync(outDir, { recursive: true });
  const real = await detector();
  const cases: Case[] = synthetic
    ? (await syntheticTextCases(ds.dir)).map((c) => ({ ...c, boxes: c.boxes.map((box) => ({ box, style: 'synthetic' })), objects: [] }))
    : await datasetCases(ds.dir, onlyFilter(args));
  const rows: Record<string, string | number>[] = [];
  const boxRows: BoxRow[] = [];
  let farChanged = 0,
    farTotal = 0,
    truths = 0,
    found = 0,
    predicted = 0,
    correct = 0;
  for (const c of cases) {
    const { width: w, height: h } = c.texted;
    const truthBoxes = c.boxes.map((b) => b.box);
    const areas = dilate(c.mask, 3);
    const [telea] = await openCvFill('telea', [{ image: c.texted, mask: areas }]);
    const t0 = performance.now();
    const own = await removeTextWith(real.detect, c.texted, { engine }, real.ctx);
    const ms = performance.now() - t0;
    const byBoxes = ownOnly
      ? undefined
      : await removeTextWith(real.detect, c.texted, { engine, boxes: truthBoxes, skipRecheck: true }, real.ctx);
    // the text fill's settings, on exactly the pixels Telea gets (already grown 3 px)
    const byMask = ownOnly
      ? undefined
      : await fillText(
          c.texted,
          areas,
          { engine, dilate: 0, thinHoleRadius: TEXT_THIN_RADIUS, flatRingGradient: TEXT_FLAT_RING_GRADIENT },
          {},
        );
    // what changed where it must not
    const far = not(dilate(c.mask, FAR));
    const farN = changedPixels(own.image, c.texted, far);
    farChanged += farN;
    farTotal += count(far);
    const outsideBoxes = not(rectMask(w, h, truthBoxes, BOX_SLACK));
    const objects = and(rectMask(w, h, c.objects, 0), outsideBoxes);
    // detection, as the flow saw it
    const ours = own.boxes.map((b) => b.box);
    const f = truthBoxes.filter((t) => coveredFraction(t, ours) >= FOUND).length;
    const k = ours.filter((p) => coveredFraction(p, truthBoxes) >= CORRECT).length;
    truths += truthBoxes.length;
    found += f;
    predicted += ours.length;
    correct += k;
    for (const t of c.boxes) {
      const area = and(areas, rectMask(w, h, [t.box], 4));
      boxRows.push({
        case: c.name,
        style: t.style,
        found: coveredFraction(t.box, ours) >= FOUND,
        before: psnr(c.texted, c.clean, area),
        own: psnr(own.image, c.clean, area),
        ...(byBoxes ? { trueBoxes: psnr(byBoxes.image, c.clean, area) } : {}),
        ...(byMask ? { trueMask: psnr(byMask.image, c.clean, area) } : {}),
        telea: psnr(telea, c.clean, area),
        grad: meanGradient(own.image, area) / Math.max(1e-9, meanGradient(c.clean, area)),
      });
    }
    const stillRead = (await real.detect(own.image, {}, real.ctx)).map((b) => b.box);
    rows.push({
      case: c.name,
      'found/truth': `${f}/${truthBoxes.length}`,
      precision: round(ours.length ? k / ours.length : 1),
      'psnr before': round(psnr(c.texted, c.clean, areas)),
      'psnr own': round(psnr(own.image, c.clean, areas)),
      ...(byBoxes ? { 'psnr true boxes': round(psnr(byBoxes.image, c.clean, areas)) } : {}),
      ...(byMask ? { 'psnr true mask': round(psnr(byMask.image, c.clean, areas)) } : {}),
      'psnr telea': round(psnr(telea, c.clean, areas)),
      'grad ratio': round(meanGradient(own.image, areas) / meanGradient(c.clean, areas)),
      'mask recall': round(covered(c.mask, dilate(own.mask, TEXT_DILATE)), 3),
      'far48 %': round((100 * farN) / Math.max(1, count(far)), 3),
      'outside boxes+8': changedPixels(own.image, c.texted, outsideBoxes),
      'on objects': changedPixels(own.image, c.texted, objects),
      'still read': truthBoxes.filter((t) => stillRead.some((b) => coveredFraction(t, [b]) > 0)).length,
      leftover: own.leftover.length,
      refilled: own.refilled.length,
      ms: Math.round(ms),
    });
    await writePng(join(outDir, `${c.name}.png`), sideBySide([c.texted, maskAsImage(own.mask), own.image, c.clean, telea]));
  }
  console.table(rows);
  const styles = [...new Set(boxRows.map((b) => b.style))].sort();
  const styleSummary = (bs: BoxRow[]) => ({
    boxes: bs.length,
    recall: round(bs.filter((b) => b.found).length / bs.length),
    before: round(mean(bs.map((b) => b.before))),
    own: round(mean(bs.map((b) => b.own))),
    ...(ownOnly ? {} : { trueBoxes: round(mean(bs.map((b) => b.trueBoxes!))), trueMask: round(mean(bs.map((b) => b.trueMask!))) }),
    telea: round(mean(bs.map((b) => b.telea))),
    worstOwn: round(Math.min(...bs.map((b) => b.own))),
    grad: round(mean(bs.map((b) => b.grad))),
  });
  const byStyle = Object.fromEntries(styles.map((s) => [s, styleSummary(boxRows.filter((b) => b.style === s))]));
  console.log(`by text style (${ds.label}; PSNR dB in each box's text area, mean over boxes):`);
  console.table(byStyle);
  const col = (k: string) => round(mean(rows.map((r) => r[k] as number)));
  const recall = found / Math.max(1, truths),
    precision = predicted ? correct / predicted : 1;
  const summary = {
    cases: cases.length,
    boxes: truths,
    psnrBefore: col('psnr before'),
    psnrOwn: col('psnr own'),
    ...(ownOnly ? {} : { psnrTrueBoxes: col('psnr true boxes'), psnrTrueMask: col('psnr true mask') }),
    psnrTelea: col('psnr telea'),
    gradRatio: col('grad ratio'),
    recall: round(recall, 3),
    precision: round(precision, 3),
    far48Percent: round((100 * farChanged) / Math.max(1, farTotal), 3),
    changedOutsideBoxes: rows.reduce((s, r) => s + (r['outside boxes+8'] as number), 0),
    casesChangedOutsideBoxes: rows.filter((r) => (r['outside boxes+8'] as number) > 0).length,
    changedOnObjects: rows.reduce((s, r) => s + (r['on objects'] as number), 0),
    stillRead: rows.reduce((s, r) => s + (r['still read'] as number), 0),
    flaggedLeftover: rows.filter((r) => (r.leftover as number) > 0).length,
    refilledCases: rows.filter((r) => (r.refilled as number) > 0).length,
    msMedian: [...rows.map((r) => r.ms as number)].sort((a, b) => a - b)[rows.length >> 1],
  };
  console.log(
    `${ds.label}: PSNR in text areas ${summary.psnrBefore} dB before; own detection ${summary.psnrOwn} dB` +
      (ownOnly ? '' : `, true boxes ${summary.psnrTrueBoxes}, our fill on the true mask ${summary.psnrTrueMask}`) +
      `, Telea on the true mask ${summary.psnrTelea}; gradient ratio ${summary.gradRatio}\n` +
      `detection recall ${summary.recall}, precision ${summary.precision}; changed > ${FAR} px from text ${summary.far48Percent}% of those pixels; ` +
      `changed outside boxes + ${BOX_SLACK} px: ${summary.changedOutsideBoxes} px in ${summary.casesChangedOutsideBoxes} cases (${summary.changedOnObjects} on objects beside captions); ` +
      `text still read in ${summary.stillRead} of ${truths} boxes; leftover flagged in ${summary.flaggedLeftover} cases, filled again in ${summary.refilledCases}; median ${summary.msMedian} ms per case`,
  );
  const checks = {
    [`PSNR in text areas, own detection >= ${TARGET_DB} dB`]: summary.psnrOwn >= TARGET_DB,
    [`no pixel changed > ${FAR} px from text`]: farChanged === 0,
    'detection recall >= 0.95': recall >= 0.95,
    'detection precision >= 0.90': precision >= 0.9,
  };
  for (const [k, ok] of Object.entries(checks)) console.log(`  ${ok ? 'met    ' : 'NOT met'}  ${k}`);
  // a subset (--only) must not overwrite the whole set's figures
  const file = resolve('eval-results', `text-${ds.label}${option(args, '--only') ? '-subset' : ''}.json`);
  writeFileSync(
    file,
    JSON.stringify({ kind: 'text', dataset: ds.dir, engine, summary, checks, byStyle, cases: rows, boxes: boxRows }, null, 1),
  );
  console.log(`side-by-side pictures (input | our mask | result | clean | Telea on the true mask): ${outDir}\nwrote ${file}`);
  return Object.values(checks).every(Boolean) ? 0 : 1;
}
