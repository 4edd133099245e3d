// Runs the built-in inpainting engine in a Web Worker in headless Chromium (the project's
// Debian chromium, as in the e2e tests): the worker is bundled with esbuild and started
// from a blob URL, so no server is needed.
import { build } from 'esbuild';
import { chromium, type Page } from '@playwright/test';
import { resolve } from 'node:path';

export interface BrowserRun {
  times: number[];
  fingerprint: string;
  userAgent: string;
}

/** Launches the project's Chromium, runs the fills in a worker of a blank page, closes it. */
export async function runPatchMatchInWorker(
  width: number,
  height: number,
  rgba: Uint8ClampedArray,
  hole: Uint8Array,
  runs: number,
  seed: number,
): Promise<BrowserRun> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    return await runPatchMatchOnPage(await browser.newPage(), width, height, rgba, hole, runs, seed);
  } finally {
    await browser.close();
  }
}

/** Runs the fill (with `seed`) `runs` times in a Web Worker started from `page` (`entry` picks which fill). */
export async function runPatchMatchOnPage(
  page: Page,
  width: number,
  height: number,
  rgba: Uint8ClampedArray,
  hole: Uint8Array,
  runs: number,
  seed: number,
  /** The worker body (in this folder): PatchMatch alone, or the whole inpaint op. */
  entry: 'patchmatch-worker.ts' | 'inpaint-worker.ts' = 'patchmatch-worker.ts',
): Promise<BrowserRun> {
  const bundle = await build({
    entryPoints: [resolve(import.meta.dirname, entry)],
    bundle: true,
    format: 'iife',
    write: false,
    target: 'es2022',
  });
  const code = bundle.outputFiles[0].text;
  {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Sent as source text: a function literal here would be transpiled with helpers
    // (__name) that do not exist in the page.
    const args = JSON.stringify({
      width,
      height,
      rgba: Buffer.from(rgba).toString('base64'),
      hole: Buffer.from(hole).toString('base64'),
      runs,
      seed,
    });
    const job: Promise<BrowserRun> = page.evaluate(`(async (code, a) => {
      const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
      const done = new Promise((ok, fail) => {
        worker.onmessage = (e) => ok(e.data);
        worker.onerror = (e) => fail(new Error(e.message));
      });
      worker.postMessage({ width: a.width, height: a.height, rgba: new Uint8ClampedArray(bytes(a.rgba).buffer), hole: bytes(a.hole), runs: a.runs, seed: a.seed });
      const r = await done;
      worker.terminate();
      return { ...r, userAgent: navigator.userAgent };
    })(${JSON.stringify(code)}, ${args})`);
    // An exception inside the worker surfaces as a page error, not as a rejected evaluate.
    const failed = new Promise<never>((_, fail) => {
      const timer = setInterval(() => {
        if (errors.length) {
          clearInterval(timer);
          fail(new Error(errors[0]));
        }
      }, 100);
      const stop = () => clearInterval(timer);
      job.then(stop, stop);
    });
    return await Promise.race([job, failed]);
  }
}
