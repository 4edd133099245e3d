// History memory benchmark in Chromium: a 48 MP photo (the 24 MP one enlarged to 8000 x 6000),
// ten removals, then undo all and redo all, with the history's frame budget at its default and,
// for comparison, unlimited (every frame held, as before the budget). Per case: the peak memory
// of Chromium (resident set of all its processes: the page, its workers, the GPU process), the
// peak JS heap, the bytes of frames the history held, and the time per undo and redo (from the
// call until two frames after the image was replaced), split by whether a frame was rebuilt.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { buildServer } from '../src/server/app.ts';
import { TEST_BUILD_DIR } from '../e2e/fixtures/test-build.ts';
import { defaultHistoryBudget } from '../src/editor/history-memory.ts';
import { median, type BenchReport, type BenchRow, type BenchTarget } from './report.ts';

const PHOTO = resolve(import.meta.dirname, '../../shared/datasets/dev/large/motorcycle-24mp.jpg');
const WIDTH = 8000;
const HEIGHT = 6000;
const REMOVALS = 10;
const MB = 2 ** 20;
const r1 = (x: number) => Math.round(x * 10) / 10;

async function photo48mp(): Promise<string> {
  const out = resolve(tmpdir(), 'cleanplate-bench-48mp.jpg');
  if (!existsSync(out)) await sharp(PHOTO).resize(WIDTH, HEIGHT).jpeg({ quality: 90 }).toFile(out);
  return out;
}

/** Resident memory of all descendants of process `root` (Linux /proc), in bytes: Chromium's processes, children of this one. */
function treeRss(root: number): number {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid; p; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  let bytes = 0;
  for (const pid of parent.keys()) {
    if (pid === root || !inTree(pid)) continue;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) bytes += Number(m[1]) * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return bytes;
}

/** Samples Chromium's memory and the page's JS heap until stopped; the peaks. */
function sampler(page: Page) {
  let rss = 0;
  let heap = 0;
  let on = true;
  const loop = (async () => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    while (on) {
      rss = Math.max(rss, treeRss(process.pid));
      const { metrics } = await cdp.send('Performance.getMetrics');
      heap = Math.max(heap, metrics.find((x) => x.name === 'JSHeapUsedSize')?.value ?? 0);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return {
    async stop() {
      on = false;
      await loop;
      return { rss, heap };
    },
  };
}

/** Bytes of frames the history holds a bitmap for now (the shown one included). */
const heldBytes = (page: Page) =>
  page.evaluate(`(() => {
    const s = window.__cleanplate.store.getState();
    const frames = new Set([s.doc.image]);
    for (const e of [...s.history.done, ...s.history.undone]) if (e.kind === 'replace-pixels') frames.add(e.before).add(e.after);
    let n = 0;
    for (const f of frames) if (!f.released) n += f.width * f.height * 4;
    return n;
  })()`) as Promise<number>;

async function open(page: Page, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open image' }).click();
  await (await chooser).setFiles(path);
  await page.waitForFunction(`window.__cleanplate.store.getState().doc?.image.width === ${WIDTH}`, null, { timeout: 120_000 });
}

/** Ten strokes across the photo, each removed (PatchMatch: the fill's engine does not matter to the history). */
async function removeTen(page: Page): Promise<number> {
  let peakHeld = 0;
  for (let i = 0; i < REMOVALS; i++) {
    const x = 600 + (i % 5) * 1500;
    const y = 1200 + Math.floor(i / 5) * 3000;
    await page.evaluate(`(() => {
      const s = window.__cleanplate.store.getState();
      s.apply({ kind: 'mask', label: 'Brush', strokes: [{ points: [${x}, ${y}, ${x + 400}, ${y + 120}], width: 90 }] });
    })()`);
    const steps = 2 * (i + 1);
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.waitForFunction(`window.__cleanplate.store.getState().history.done.length === ${steps}`, null, { timeout: 300_000 });
    peakHeld = Math.max(peakHeld, await heldBytes(page));
  }
  return peakHeld;
}

/** Undoes (or redoes) every step, one at a time; the ms of each that replaced the image, and whether it waited for a rebuild. */
async function walk(page: Page, dir: 'undo' | 'redo'): Promise<{ ms: number; rebuilt: boolean }[]> {
  return (await page.evaluate(`(async () => {
    const store = window.__cleanplate.store;
    const out = [];
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    for (;;) {
      const s = store.getState();
      const h = s.history;
      if (${dir === 'undo' ? 'h.done.length === 0' : 'h.undone.length === 0'}) break;
      const want = h.done.length + ${dir === 'undo' ? -1 : 1};
      const image = s.doc.image;
      const t0 = performance.now();
      let rebuilt = false;
      s.${dir}();
      while (store.getState().history.done.length !== want) {
        rebuilt ||= store.getState().rebuilding;
        await new Promise((r) => setTimeout(r, 5));
      }
      await frame();
      if (store.getState().doc.image !== image) out.push({ ms: performance.now() - t0, rebuilt });
      // What the next step finds (the frame before, brought back in the background) is part of
      // using the editor: give the worker its turn as a person would between presses.
      await new Promise((r) => setTimeout(r, 300));
    }
    return out;
  })()`)) as { ms: number; rebuilt: boolean }[];
}

async function runCase(browser: Browser, port: number, path: string, label: string, budget: number | null) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    await page.goto(`http://127.0.0.1:${port}/`);
    await open(page, path);
    await page.evaluate(`window.__cleanplate.store.getState().setInpaintEngine('patchmatch')`);
    if (budget !== null) await page.evaluate(`window.__cleanplate.store.getState().setHistoryBudget(${budget})`);
    const deviceGb = (await page.evaluate('navigator.deviceMemory')) as number | undefined;
    const stated = budget ?? defaultHistoryBudget({ width: WIDTH, height: HEIGHT }, deviceGb);
    const peaks = sampler(page);
    const held = await removeTen(page);
    const undos = await walk(page, 'undo');
    const redos = await walk(page, 'redo');
    const { rss, heap } = await peaks.stop();
    const ms = (xs: { ms: number }[]) => (xs.length ? r1(median(xs.map((x) => x.ms))) : null);
    const max = (xs: { ms: number }[]) => (xs.length ? r1(Math.max(...xs.map((x) => x.ms))) : null);
    const rebuilt = [...undos, ...redos].filter((x) => x.rebuilt);
    const row: BenchRow = {
      case: `${label}: 48 MP, ${REMOVALS} removals`,
      'device memory GB': deviceGb ?? null,
      'budget MB': budget === Number.MAX_SAFE_INTEGER ? 'none' : r1(stated / MB),
      'frames held peak MB': r1(held / MB),
      'Chromium RSS peak MB': r1(rss / MB),
      'JS heap peak MB': r1(heap / MB),
      'undo median ms': ms(undos),
      'undo max ms': max(undos),
      'redo median ms': ms(redos),
      'redo max ms': max(redos),
      'steps rebuilt': rebuilt.length,
      'rebuilt median ms': ms(rebuilt),
    };
    return { row, held, stated };
  } finally {
    await page.close();
  }
}

export async function run(): Promise<BenchReport> {
  const path = await photo48mp();
  const app = await buildServer({ distDir: TEST_BUILD_DIR });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const rows: BenchRow[] = [];
  const targets: BenchTarget[] = [];
  try {
    // A browser per case, closed before the next: one case's memory must not count in the other's.
    const cases: Array<[string, number | null]> = [
      ['default budget', null],
      ['budget of an 8 GB device', defaultHistoryBudget({ width: WIDTH, height: HEIGHT }, 8)],
      ['no budget (every frame held)', Number.MAX_SAFE_INTEGER],
    ];
    for (const [label, budget] of cases) {
      const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: ['--no-sandbox', '--js-flags=--max-old-space-size=4096'],
      });
      try {
        const { row, held, stated } = await runCase(browser, port, path, label, budget);
        rows.push(row);
        if (budget !== Number.MAX_SAFE_INTEGER)
          targets.push({
            what: `${label}, 48 MP, ${REMOVALS} removals: frames the history held at most`,
            target: `<= the budget, ${r1(stated / MB)} MB`,
            measured: `${r1(held / MB)} MB`,
            met: held <= stated,
          });
      } finally {
        await browser.close();
      }
    }
  } finally {
    await app.close();
  }
  return {
    rows,
    targets,
    notes: [
      `frames held = bitmaps of history frames on the page (${WIDTH} x ${HEIGHT} x 4 bytes = ${r1((WIDTH * HEIGHT * 4) / MB)} MB each); the budget is defaultHistoryBudget (a sixteenth of navigator.deviceMemory, 256 MiB..1 GiB, at least two frames)`,
      'Chromium RSS = resident memory of every Chromium process (page, its workers, GPU process), sampled every 250 ms; it includes the worker, which keeps up to 512 MB of exact pixels in memory and as much on disk (OPFS)',
      'undo / redo ms = from the call until two animation frames after the image was replaced; steps that change only the mask are left out; rebuilt = the step waited for a dropped frame to be rebuilt in the worker; 300 ms pass between steps',
    ],
  };
}
