// Import replays in the worker: a manifest with the 24 MP photo and a mask PNG, imported. The
// worker decodes the photo and the mask itself and keeps the step's pixels, so the page never
// decodes, reads, copies or writes the 6000 x 4000 image; Remove on the replayed result then
// sends only its id (no copy made on the page) and works. Cancel stops an import mid-way.
// The main thread's longest task during such an import is a figure of `npm run bench -- editor`.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { writeBundle } from '../src/ops/bundle.ts';
import { sha256Hex } from '../src/core/hash.ts';
import { requireManifest } from '../src/ops/manifest.ts';
import { documentDigest, waitForReplay } from './fixtures/bundle.ts';
import { DEV, documentPixels, type EditorPage } from './fixtures/editor-page.ts';
import { countPagePixelWork } from './fixtures/page-pixels.ts';
import { expect, test } from './fixtures/test.ts';

const PHOTO = `${DEV}large/motorcycle-24mp.jpg`; // 6000 x 4000
const HOLE: [number, number, number, number] = [2200, 1500, 2460, 1560]; // the mask's white rectangle

/**
 * Chooses the files in the import control's chooser by path: the browser reads them itself
 * (handing contents over instead would build the files in the page, itself a long task).
 */
async function importPaths(page: Page, paths: string[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import bundle or manifest' }).click();
  await (await chooser).setFiles(paths);
}

const history = (page: Page) =>
  page.evaluate(() => {
    const s = window.__cleanplate!.store.getState();
    return { name: s.doc?.file.name ?? null, steps: s.history.done.length, job: s.job !== null };
  });

/**
 * Imports the files (a one-step job on the 24 MP photo) and checks that the page made no bitmap
 * and read no full-size pixels from choosing them until the result was shown: the decode worker
 * made the source's bitmap for the stage, the pipeline worker the result's. (How long the main
 * thread is blocked meanwhile is wall time, measured by `npm run bench -- editor`.)
 */
async function importsWithoutPagePixelWork(page: Page, ed: EditorPage, paths: string[]): Promise<void> {
  await page.evaluate(() => (window.__pagePixels = { bitmaps: 0, reads: 0 }));
  await importPaths(page, paths);
  await expect.poll(() => history(page), { timeout: 180_000 }).toEqual({ name: 'motorcycle-24mp.jpg', steps: 1, job: false });
  await expect(ed.errors()).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Replayed 1 step from' }).last()).toBeVisible();
  expect(await page.evaluate(() => window.__pagePixels)).toEqual({ bitmaps: 0, reads: 0 });
}

/** A 24 MP mask PNG, white (remove) inside HOLE. */
async function holeMask(): Promise<Buffer> {
  const [x0, y0, x1, y1] = HOLE;
  return sharp({ create: { width: 6000, height: 4000, channels: 3, background: '#000' } })
    .composite([{ input: { create: { width: x1 - x0, height: y1 - y0, channels: 3, background: '#fff' } }, left: x0, top: y0 }])
    .png()
    .toBuffer();
}

// Counts, from the page's first script on, every bitmap the page makes and every full-size read.
test.beforeEach(({ page }) => countPagePixelWork(page));

test('24 MP photo + manifest + mask PNG: the worker decodes and replays, the page copies no pixels; Remove after it copies nothing either', async ({
  page,
  ed,
}, testInfo) => {
  test.setTimeout(420_000);
  // The job on disk: one inpaint step with a mask file (white = remove) beside the manifest.
  const folder = mkdtempSync(join(tmpdir(), 'cleanplate-24mp-'));
  writeFileSync(join(folder, 'mask.png'), await holeMask());
  const manifest = {
    job_id: 'import-24mp',
    source: { file: 'motorcycle-24mp.jpg' },
    steps: [{ op: 'inpaint', engine: 'patchmatch', mask: 'mask.png' }],
  };
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest));

  await importsWithoutPagePixelWork(page, ed, [join(folder, 'manifest.json'), PHOTO, join(folder, 'mask.png')]);

  // The history entry: the step as the manifest wrote it, its run, and the mask file it read
  // (so re-export writes it); the image is the worker's, kept there under its id.
  const entry = await page.evaluate(() => {
    const s = window.__cleanplate!.store.getState();
    const e = s.history.done[0] as unknown as {
      kind: string;
      step: unknown;
      run: { engine?: string; backend?: string };
      mask?: { width: number; height: number; data: Uint8Array };
      after: { pixelsId?: string };
    };
    const white = e.mask ? e.mask.data.reduce((n: number, v: number) => n + (v === 255 ? 1 : 0), 0) : -1;
    return {
      kind: e.kind,
      step: e.step,
      engine: e.run.engine,
      backend: e.run.backend,
      mask: e.mask && [e.mask.width, e.mask.height, white],
      kept: /^w-/.test(e.after.pixelsId ?? ''),
    };
  });
  const [x0, y0, x1, y1] = HOLE;
  expect(entry).toEqual({
    kind: 'replace-pixels',
    step: manifest.steps[0],
    engine: 'patchmatch',
    backend: 'js',
    mask: [6000, 4000, (x1 - x0) * (y1 - y0)],
    kept: true,
  });

  // Remove on the replayed result: the worker already keeps it, so the page sends its id only.
  const points: Array<[number, number]> = [
    [10, 10],
    [5990, 3990],
    [3000, 500],
    [2330, 1530],
    [2210, 1510],
  ];
  const replayed = await documentPixels(page, points);
  await ed.setBrushSize(60);
  await page.evaluate(() => (window.__pagePixels = { bitmaps: 0, reads: 0 }));
  await ed.drag([await ed.toPage(3400, 2600), await ed.toPage(3700, 2640)]);
  await page.getByRole('button', { name: 'Remove', exact: true }).click();
  // The history: the replayed step, the stroke, the Remove.
  await expect.poll(() => history(page), { timeout: 180_000 }).toEqual({ name: 'motorcycle-24mp.jpg', steps: 3, job: false });
  await expect(ed.errors()).toHaveCount(0);
  expect(await page.evaluate(() => window.__pagePixels)).toEqual({ bitmaps: 0, reads: 0 });
  expect(await ed.facts()).toMatchObject({ width: 6000, height: 4000, painted: 0 });
  expect(await documentPixels(page, points)).toEqual(replayed); // none of the points is near the stroke
  await page.screenshot({ path: testInfo.outputPath('import-24mp.png') });

  // Undo all three: the photo as opened. Far from the hole nothing changed; inside it the replay filled.
  await ed.undo(3);
  const original = await documentPixels(page, points);
  expect(replayed.slice(0, 3)).toEqual(original.slice(0, 3));
  expect(replayed.slice(3)).not.toEqual(original.slice(3));
});

test('a bundle with the 24 MP photo imports with no pixel work on the page until the result is shown', async ({ page, ed }) => {
  test.setTimeout(300_000);
  const photo = readFileSync(PHOTO);
  const manifest = requireManifest({
    job_id: 'bundle-24mp',
    source: { file: 'motorcycle-24mp.jpg', sha256: await sha256Hex(photo as Uint8Array<ArrayBuffer>), width: 6000, height: 4000 },
    steps: [{ op: 'inpaint', engine: 'patchmatch', mask: 'masks/step-0.png' }],
    // Import replays from the source and never reads the result entry: the photo stands in for it.
    result: { file: 'motorcycle-24mp.cleanplate.jpg', sha256: 'f'.repeat(64), width: 6000, height: 4000, runs: [] },
  });
  const zip = writeBundle({
    manifest,
    source: { name: 'motorcycle-24mp.jpg', bytes: photo },
    result: { name: 'motorcycle-24mp.cleanplate.jpg', bytes: photo },
    masks: { 'masks/step-0.png': await holeMask() },
  });
  const path = join(mkdtempSync(join(tmpdir(), 'cleanplate-bundle-')), 'motorcycle-24mp.cleanplate.zip');
  writeFileSync(path, zip);
  await importsWithoutPagePixelWork(page, ed, [path]);
  expect(
    await page.evaluate(
      () => (window.__cleanplate!.store.getState().history.done[0] as unknown as { mask?: { width: number } }).mask?.width,
    ),
  ).toBe(6000);
});

test('Cancel mid-import on the 24 MP photo: the open document stays as it was; the worker takes the next import', async ({ page, ed }) => {
  test.setTimeout(300_000);
  const SMALL = `${DEV}holes/chelsea/image.png`; // 451 x 300
  await ed.open(SMALL);
  await ed.drag([await ed.toPage(40, 40), await ed.toPage(80, 60)]);
  const before = { facts: await ed.facts(), pixels: await documentDigest(page) };

  // Five steps, each filling a wide stroke: seconds of work in the worker.
  const folder = mkdtempSync(join(tmpdir(), 'cleanplate-cancel-'));
  const steps = [600, 1400, 2200, 3000, 3800].map((y) => ({
    op: 'inpaint',
    engine: 'patchmatch',
    strokes: [{ points: [1000, y, 1600, y + 40], width: 90 }],
  }));
  writeFileSync(join(folder, 'long.json'), JSON.stringify({ job_id: 'cancel-24mp', steps }));
  await importPaths(page, [join(folder, 'long.json'), PHOTO]);
  const job = page.getByRole('status', { name: 'Replay in progress' });
  await expect(job).toContainText('step 2 of 5', { timeout: 120_000 });
  await job.getByRole('button', { name: 'Cancel' }).click();
  await expect(job).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Import cancelled.' })).toBeVisible();
  await expect(ed.errors()).toHaveCount(0);
  expect(await ed.facts()).toEqual(before.facts);
  expect(await documentDigest(page)).toEqual(before.pixels);

  // The worker is free again: a small manifest replays.
  writeFileSync(
    join(folder, 'short.json'),
    JSON.stringify({ steps: [{ op: 'inpaint', engine: 'patchmatch', strokes: [{ points: [120, 90, 200, 140], width: 18 }] }] }),
  );
  await importPaths(page, [join(folder, 'short.json'), SMALL]);
  await waitForReplay(ed, 'image.png', 1);
});
