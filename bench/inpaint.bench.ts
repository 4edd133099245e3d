// Inpainting speed and memory in Node: the built-in engine on a 512x512 crop with a 15% hole
// (median of several runs), a stroke across the astronaut filled by coherence transport (for
// reference, no target), and the 24 MP photo with 3 separate masks end to end (time and peak
// extra memory against the photo's RGBA bytes).
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { cropImage } from '../src/core/image.ts';
import type { Mask, RgbaImage } from '../src/core/types.ts';
import { inpaint } from '../src/ops/inpaint/index.ts';
import { patchMatchFill } from '../src/ops/inpaint/patchmatch.ts';
import { transportFill } from '../src/ops/inpaint/transport.ts';
import { fingerprint } from './browser/fingerprint.ts';
import { runPatchMatchInWorker } from './browser/run-in-chromium.ts';
import { median, type BenchReport } from './report.ts';

const DEV = resolve(import.meta.dirname, '../../shared/datasets/dev');

async function load(file: string): Promise<RgbaImage> {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
}

/** Paints a filled disc and a thick line into `m` (255 = hole). */
function disc(m: Mask, cx: number, cy: number, r: number): void {
  for (let y = Math.max(0, cy - r); y < Math.min(m.height, cy + r + 1); y++) {
    for (let x = Math.max(0, cx - r); x < Math.min(m.width, cx + r + 1); x++) {
      if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) m.data[y * m.width + x] = 255;
    }
  }
}

function line(m: Mask, x0: number, y0: number, x1: number, y1: number, width: number): void {
  const steps = Math.ceil(Math.hypot(x1 - x0, y1 - y0));
  for (let s = 0; s <= steps; s += 2)
    disc(m, Math.round(x0 + ((x1 - x0) * s) / steps), Math.round(y0 + ((y1 - y0) * s) / steps), width >> 1);
}

interface Crop512 {
  rows: BenchReport['rows'];
  med: number;
  cpuMed: number;
  browserMed: number | null;
  identical: boolean | null;
  browserError?: string;
}

async function crop512(): Promise<Crop512> {
  const photo = await load(resolve(DEV, 'holes/grass/truth.png'));
  const crop = cropImage(photo, [0, 0, 512, 512]);
  const hole: Mask = { width: 512, height: 512, data: new Uint8Array(512 * 512) };
  disc(hole, 256, 256, Math.round(Math.sqrt((0.15 * 512 * 512) / Math.PI)));
  const times: number[] = [];
  const cpu: number[] = [];
  let out = crop.data;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    out = (await patchMatchFill(crop, hole, { seed: 1 })).data;
    const c = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = median(times);
  const nodePrint = fingerprint(out);
  // CPU time of this single-threaded fill: what the wall time would be on an idle core.
  const rows: BenchReport['rows'] = [
    {
      case: '512x512 crop, 15% hole, patchmatch (Node)',
      'median ms': Math.round(med),
      'min ms': Math.round(Math.min(...times)),
      'median cpu ms': Math.round(median(cpu)),
      runs: times.length,
    },
  ];
  try {
    const b = await runPatchMatchInWorker(512, 512, crop.data, hole.data, 5, 1);
    const browserMed = median(b.times);
    rows.push({
      case: '512x512 crop, 15% hole, patchmatch (Chromium Web Worker)',
      'median ms': Math.round(browserMed),
      'min ms': Math.round(Math.min(...b.times)),
      runs: b.times.length,
    });
    return { rows, med, cpuMed: median(cpu), browserMed, identical: b.fingerprint === nodePrint };
  } catch (e) {
    return { rows, med, cpuMed: median(cpu), browserMed: null, identical: null, browserError: (e as Error).message };
  }
}

/** A 12 px stroke, grown by the default 4 px, across the astronaut's suit: the coherence transport fill alone. */
async function stroke512(): Promise<BenchReport['rows']> {
  const photo = await load(resolve(DEV, 'holes/astronaut/truth.png'));
  const hole: Mask = { width: photo.width, height: photo.height, data: new Uint8Array(photo.width * photo.height) };
  line(hole, 60, 300, 460, 360, 20);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    transportFill(photo, hole);
    times.push(performance.now() - t0);
  }
  let holePixels = 0;
  for (const v of hole.data) if (v) holePixels++;
  return [
    {
      case: `${photo.width}x${photo.height}, 20 px stroke (${holePixels} px), coherence transport (Node)`,
      'median ms': Math.round(median(times)),
      'min ms': Math.round(Math.min(...times)),
      runs: times.length,
    },
  ];
}

async function photo24mp(): Promise<{ rows: BenchReport['rows']; ms: number; extra: number; bytes: number }> {
  const photo = await load(resolve(DEV, 'large/motorcycle-24mp.jpg'));
  const mask: Mask = { width: photo.width, height: photo.height, data: new Uint8Array(photo.width * photo.height) };
  disc(mask, 1500, 1200, 150);
  line(mask, 3500, 2600, 4300, 2900, 40);
  for (let y = 600; y < 900; y++) mask.data.fill(255, y * photo.width + 4600, y * photo.width + 5000);
  const bytes = photo.data.length;
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const controller = new AbortController(); // lets the sampler run between iterations
  const t0 = performance.now();
  const { runs } = await inpaint(photo, mask, { seed: 1 }, { signal: controller.signal });
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const extra = peak - base;
  return {
    rows: [
      {
        case: `24 MP (${photo.width}x${photo.height}), 3 masks, auto (${[...new Set(runs.map((r) => r.engine))].join('+')})`,
        ms: Math.round(ms),
        'extra MB': +(extra / 2 ** 20).toFixed(1),
        'x RGBA bytes': +(extra / bytes).toFixed(2),
        regions: runs.length,
      },
    ],
    ms,
    extra,
    bytes,
  };
}

export async function run(): Promise<BenchReport> {
  const a = await crop512();
  const stroke = await stroke512();
  const b = await photo24mp();
  return {
    rows: [...a.rows, ...stroke, ...b.rows],
    targets: [
      {
        what: '512x512 crop with a 15% hole, built-in engine, Node',
        target: '< 500 ms median',
        measured: `${Math.round(a.med)} ms wall, ${Math.round(a.cpuMed)} ms CPU`,
        met: a.med < 500,
      },
      {
        what: '512x512 crop with a 15% hole, built-in engine, browser Web Worker',
        target: '< 500 ms median',
        measured: a.browserMed === null ? `not run: ${a.browserError}` : `${Math.round(a.browserMed)} ms`,
        met: a.browserMed !== null && a.browserMed < 500,
      },
      {
        what: 'same bytes in the browser worker as in Node (seeded)',
        target: 'identical',
        measured: a.identical === null ? 'not run' : a.identical ? 'identical' : 'DIFFERENT',
        met: a.identical === true,
      },
      {
        what: '24 MP, 3 masks: extra memory',
        target: '< 2.5x RGBA bytes',
        measured: `${(b.extra / b.bytes).toFixed(2)}x (${(b.extra / 2 ** 20).toFixed(0)} MB)`,
        met: b.extra < 2.5 * b.bytes,
      },
    ],
    notes: [
      'extra memory = peak RSS during the op minus RSS before it (sampled every 20 ms)',
      `load average during the run: ${loadavg()
        .map((v) => v.toFixed(1))
        .join(' / ')} (times on a shared 2-core machine stretch with it)`,
    ],
  };
}
