// Whole jobs on the server that serves the page (Runtime: Server (whole jobs)), in real
// Chromium against the real server: the same Remove gives the same bytes as in the browser and
// lands as one undo step, the image is sent once, the status bar says where it ran; Upscale's
// models differ only by floating point between WASM and onnxruntime-node; a server that does
// not take the job leaves the work in the browser with a plain notice.
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { tsImport } from 'tsx/esm/api';
import { documentDigest, importVia, waitForReplay } from './fixtures/bundle.ts';
import { TEST_BUILD_DIR } from './fixtures/test-build.ts';
import { diffFromSnapshot, snapshotDocument } from './fixtures/document-diff.ts';
import { DEV, type EditorPage } from './fixtures/editor-page.ts';
import { expect, test } from './fixtures/test.ts';

const SHOTS = process.env.SHOTS_DIR;

/** The largest channel difference between the document and snapshot `name`, and how many values differ. */
function channelDiff(page: Page, name: string): Promise<{ max: number; differing: number; values: number }> {
  return page.evaluate((name) => {
    const snap = window.__snaps![name];
    const img = window.__cleanplate!.store.getState().doc!.image;
    const c = new OffscreenCanvas(img.width, img.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img.source, 0, 0);
    const now = ctx.getImageData(0, 0, img.width, img.height).data;
    let max = 0;
    let differing = 0;
    for (let i = 0; i < now.length; i++) {
      const d = Math.abs(now[i] - snap.rgba[i]);
      if (d) differing++;
      if (d > max) max = d;
    }
    return { max, differing, values: now.length };
  }, name);
}

/** The source requests the page's worker makes ("PUT /sources/<sha>", "HEAD ...", "POST ..."), as they happen. */
function sourceRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/sources/')) seen.push(`${r.method()} ${path}`);
  });
  return seen;
}

/** Chelsea with one random corner pixel: a photo the server has never held (it keeps sources across runs). */
async function uniquePhoto(dir: string, name: string): Promise<string> {
  const photo = join(dir, name);
  const corner = { r: randomInt(256), g: randomInt(256), b: randomInt(256) };
  await sharp(`${DEV}holes/chelsea/truth.png`)
    .composite([{ input: { create: { width: 1, height: 1, channels: 3, background: corner } }, left: 0, top: 0 }])
    .png()
    .toFile(photo);
  return photo;
}

/** One 14 px PatchMatch stroke across the photo's top left, then Remove (the undo stack then holds two steps). */
async function brushOutOneStroke(ed: EditorPage, page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'Engine' }).selectOption('patchmatch');
  await ed.setBrushSize(14);
  await ed.drag([await ed.toPage(60, 60), await ed.toPage(110, 70)]);
  await ed.remove(2);
}

test('Remove as a server job: the same bytes as in the browser, one undo step, the image sent once', async ({ ed, page }) => {
  test.setTimeout(240_000);
  const sources = sourceRequests(page);
  const runtime = page.getByRole('region', { name: 'Runtime' });
  const backend = runtime.getByRole('combobox', { name: 'Backend' });
  await ed.open(await uniquePhoto(mkdtempSync(join(tmpdir(), 'cleanplate-server-jobs-')), 'chelsea.png'));
  await page.getByRole('combobox', { name: 'Engine' }).selectOption('patchmatch');
  await backend.selectOption('wasm');
  await ed.setBrushSize(14);
  await ed.drag(
    await Promise.all(
      (
        [
          [60, 60],
          [110, 70],
          [140, 60],
        ] as const
      ).map(([x, y]) => ed.toPage(x, y)),
    ),
  );
  await snapshotDocument(page, 'original');

  // In the browser first.
  await ed.remove(2);
  await expect(page.getByLabel('Last operation ran')).toContainText('Remove: PatchMatch (built in, no model)');
  await snapshotDocument(page, 'local');
  expect(sources).toEqual([]);
  await page.keyboard.press('Control+z');

  // The same Remove as a whole job on the server.
  await backend.selectOption('server-jobs');
  await expect(runtime).toContainText('Remove, Remove text, Upscale and imports run as jobs on the server');
  await ed.remove(2);
  await expect(ed.errors()).toHaveCount(0);
  expect((await diffFromSnapshot(page, 'local', 0)).changed).toBe(0);
  await expect(page.getByLabel('Remove ran on')).toContainText('PatchMatch on the server (job)');
  await expect(page.getByLabel('Last operation ran')).toContainText('Remove: PatchMatch on the server (job)');
  const recorded = await page.evaluate(() => {
    const e = window.__cleanplate!.store.getState().history.done.at(-1)!;
    return e.kind === 'replace-pixels' ? { step: e.step, backend: e.run?.backend } : null;
  });
  expect(recorded).toMatchObject({ step: { op: 'inpaint', engine: 'patchmatch', dilate: 4 }, backend: 'js' });
  expect((await ed.facts()).painted).toBe(0); // the mask went with the step, as locally
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/server-job-remove.png` });
  await runtime.screenshot({ path: test.info().outputPath('runtime-server-jobs.png') });
  await page.locator('footer.statusbar').screenshot({ path: test.info().outputPath('statusbar-server-job.png') });

  // One undo brings back the pixels and the mask.
  await page.keyboard.press('Control+z');
  expect((await diffFromSnapshot(page, 'original', 0)).changed).toBe(0);
  expect((await ed.facts()).painted).toBeGreaterThan(0);

  // Again on the same image: the server holds it, so it is not sent again.
  await ed.remove(2);
  expect((await diffFromSnapshot(page, 'local', 0)).changed).toBe(0);
  expect(sources.filter((s) => s.startsWith('PUT'))).toHaveLength(1);
  expect(sources.filter((s) => s.startsWith('HEAD'))).toHaveLength(2);

  // Upscale the server's result there too: the server keeps it, so nothing is sent.
  await page.getByRole('button', { name: '×2' }).click();
  await expect(page.getByLabel('Upscale ran on')).toContainText('on the server (job)', { timeout: 120_000 });
  expect((await ed.facts()).width).toBe(902);
  expect(sources.filter((s) => s.startsWith('PUT'))).toHaveLength(1);
});

test('an imported manifest replays as server jobs: one undo per step, the source sent once, the same bytes', async ({ ed, page }) => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'cleanplate-server-replay-'));
  const photo = await uniquePhoto(dir, 'photo.png');
  // Model-free steps before and after an upscale (whose later coordinates are in source pixels).
  const manifest = {
    steps: [
      { op: 'inpaint', strokes: [{ points: [60, 60, 110, 70, 140, 60], width: 14 }], engine: 'patchmatch' },
      { op: 'redact', targets: ['faces'], style: 'pixelate', boxes: [[200, 100, 264, 164]] },
      { op: 'upscale', scale: 2 },
      { op: 'inpaint', strokes: [{ points: [300, 200, 360, 230], width: 10 }], engine: 'patchmatch' },
      { op: 'redact', targets: ['faces'], style: 'blur', boxes: [[20, 200, 84, 264]] },
    ],
  };
  writeFileSync(join(dir, 'photo.json'), JSON.stringify(manifest));
  const files = [join(dir, 'photo.json'), photo];
  const sources = sourceRequests(page);
  const backend = page.getByRole('region', { name: 'Runtime' }).getByRole('combobox', { name: 'Backend' });

  await backend.selectOption('wasm');
  await importVia(page, files);
  await waitForReplay(ed, 'photo.png', 5);
  expect(sources).toEqual([]);
  await snapshotDocument(page, 'local-final');
  await ed.undo(3);
  const localBeforeUpscale = await documentDigest(page);

  await backend.selectOption('server-jobs');
  await importVia(page, files);
  await waitForReplay(ed, 'photo.png', 5);
  await expect(page.getByText('Replayed 5 steps from “photo.json” and “photo.png” on the server')).toBeVisible();
  await expect(page.getByLabel('Last operation ran')).toContainText('Replay: 5 steps on the server (jobs)');
  // Sent once: every later step's source is the server's own result.
  expect(sources.filter((s) => s.startsWith('PUT'))).toHaveLength(1);
  const kinds = await page.evaluate(() => window.__cleanplate!.store.getState().history.done.map((e) => e.kind));
  expect(kinds).toEqual(Array(5).fill('replace-pixels'));
  // The upscale differs between WASM and onnxruntime-node by floating point; the steps after it move those values only.
  const diff = await channelDiff(page, 'local-final');
  test.info().annotations.push({ type: 'replay wasm vs server', description: JSON.stringify(diff) });
  // Measured: at most 1 level apart, in 22 of 2.2 million values.
  expect(diff.max).toBeLessThanOrEqual(2);
  expect(diff.differing / diff.values).toBeLessThan(0.001);
  await ed.undo(3);
  expect(await documentDigest(page)).toEqual(localBeforeUpscale);
});

test('Remove text as a server job lands as one undo step with the server run and its boxes', async ({ ed, page }) => {
  test.setTimeout(180_000);
  await page.getByRole('region', { name: 'Runtime' }).getByRole('combobox', { name: 'Backend' }).selectOption('server-jobs');
  await ed.open(`${DEV}text/chelsea/texted.png`);
  await page.getByRole('button', { name: 'Remove text' }).click();
  await expect(page.getByLabel('Last operation ran')).toContainText('Remove text: detection and fill', { timeout: 150_000 });
  await expect(page.getByLabel('Last operation ran')).toContainText('on the server (job)');
  await expect(ed.errors()).toHaveCount(0);
  const recorded = await page.evaluate(() => {
    const done = window.__cleanplate!.store.getState().history.done;
    const e = done.at(-1)!;
    return { n: done.length, step: e.kind === 'replace-pixels' ? e.step : null, run: e.kind === 'replace-pixels' ? e.run : null };
  });
  expect(recorded).toMatchObject({
    n: 1,
    step: { op: 'remove_text' },
    run: { backend: 'cpu', model: { id: expect.stringMatching(/ppocr/) } },
  });
  expect(recorded.run!.boxes!.length).toBeGreaterThan(0);
});

test('Upscale as a server job differs from WASM by floating point only', async ({ ed, page }) => {
  test.setTimeout(240_000);
  const photo = join(mkdtempSync(join(tmpdir(), 'cleanplate-server-jobs-')), 'small.png');
  await sharp(`${DEV}sr/rocket/lr.png`).resize(64, 48, { fit: 'cover' }).png().toFile(photo);
  const backend = page.getByRole('region', { name: 'Runtime' }).getByRole('combobox', { name: 'Backend' });
  await backend.selectOption('wasm');
  await ed.open(photo);
  await page.getByRole('button', { name: '×4' }).click();
  await expect(page.getByLabel('Upscale ran on')).toContainText(/ran on WASM/, { timeout: 120_000 });
  await snapshotDocument(page, 'wasm');
  await page.keyboard.press('Control+z');
  await backend.selectOption('server-jobs');
  await page.getByRole('button', { name: '×4' }).click();
  await expect(page.getByLabel('Upscale ran on')).toContainText(/realesr-general-x4v3 ran on the server \(job\)/, { timeout: 120_000 });
  expect(await ed.facts()).toMatchObject({ width: 256, height: 192, undo: 1 });
  const diff = await channelDiff(page, 'wasm');
  // The same model on two runtimes: float rounding moves a few values by a level or two.
  // Measured: at most 1 level apart, in 3 of 196608 values.
  expect(diff.max).toBeLessThanOrEqual(2);
  expect(diff.differing / diff.values).toBeLessThan(0.001);
  test.info().annotations.push({ type: 'upscale wasm vs server', description: JSON.stringify(diff) });
});

test('a server that does not take the job leaves it in the browser with a plain notice', async ({ ed, page }) => {
  test.setTimeout(120_000);
  await page.route('**/sources/**', (route) => route.abort('connectionrefused'));
  await page.getByRole('region', { name: 'Runtime' }).getByRole('combobox', { name: 'Backend' }).selectOption('server-jobs');
  await ed.open(`${DEV}holes/chelsea/truth.png`);
  await brushOutOneStroke(ed, page);
  await expect(page.getByText('Remove runs in this browser: the server could not be reached.')).toBeVisible();
  await expect(page.getByText(/Failed to fetch|TypeError/)).toHaveCount(0);
  await expect(ed.errors()).toHaveCount(0);
  await expect(page.getByLabel('Last operation ran')).toContainText('Remove: PatchMatch (built in, no model)');
});

test('an image too big for the browser: the refusal offers Remove text on the server, whose result downloads', async ({ ed, page }) => {
  test.setTimeout(180_000);
  // Wider than a browser canvas may be (32767 px), tiny in megapixels, unique per run.
  const photo = join(mkdtempSync(join(tmpdir(), 'cleanplate-too-big-')), 'panorama.png');
  const corner = { r: randomInt(256), g: randomInt(256), b: randomInt(256) };
  await sharp({ create: { width: 33_000, height: 24, channels: 3, background: { r: 90, g: 140, b: 200 } } })
    .composite([{ input: { create: { width: 1, height: 1, channels: 3, background: corner } }, left: 0, top: 0 }])
    .png()
    .toFile(photo);
  const downloads: import('@playwright/test').Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await ed.openViaPicker(photo);
  const refusal = page.getByRole('alert').filter({ hasText: 'Could not open “panorama.png”' });
  await expect(refusal).toContainText('process it on the server');
  await refusal.getByRole('button', { name: 'Remove text on the server' }).click();
  await expect(page.getByText('Text removed on the server: downloaded panorama.clean.png and its manifest.')).toBeVisible({
    timeout: 150_000,
  });
  expect(downloads.map((d) => d.suggestedFilename())).toEqual(['panorama.clean.png', 'panorama.clean.png.manifest.json']);
  expect(await sharp((await downloads[0].path())!).metadata()).toMatchObject({ width: 33_000, height: 24 });
  const manifest = JSON.parse(readFileSync((await downloads[1].path())!, 'utf8'));
  expect(manifest.steps).toEqual([{ op: 'remove_text' }]);
  expect(manifest.result.runs[0]).toMatchObject({ step: 0, op: 'remove_text', backend: 'cpu' });
  expect((await ed.facts()).name).toBeNull(); // nothing opened
});

test('Auto sends a heavy upscale to the server; Cancel cancels the job there and changes nothing', async ({ ed, page }) => {
  test.setTimeout(180_000);
  // 2050 x 2000 (4.1 MP): x2 makes 16.4 MP, past the 16 MP Auto keeps in the browser.
  const photo = join(mkdtempSync(join(tmpdir(), 'cleanplate-heavy-')), 'heavy.png');
  await sharp(`${DEV}holes/chelsea/truth.png`).resize(2050, 2000, { fit: 'fill' }).png().toFile(photo);
  await expect(page.getByRole('region', { name: 'Runtime' }).getByRole('combobox', { name: 'Backend' })).toHaveValue('auto');
  await ed.open(photo);
  const submitted = page.waitForResponse((r) => /^\/sources\/[0-9a-f]{64}\/jobs$/.test(new URL(r.url()).pathname), { timeout: 120_000 });
  await page.getByRole('button', { name: '×2' }).click();
  const { job_id } = (await (await submitted).json()) as { job_id: string };
  const job = page.getByRole('status', { name: 'Upscale ×2 in progress' });
  await expect(job).toContainText(/(waiting|running) on the server/);
  await job.getByRole('button', { name: 'Cancel' }).click();
  await expect(job).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Upscale ×2: cancelled.' })).toBeVisible();
  expect(await ed.facts()).toMatchObject({ width: 2050, height: 2000, undo: 0 });
  await expect.poll(async () => ((await (await page.request.get(`/jobs/${job_id}`)).json()) as { state: string }).state).toBe('cancelled');
});

test('a server with tokens: jobs need the token given under Runtime, and run there once it is given', async ({ ed, page }) => {
  test.setTimeout(180_000);
  // A second real server, on the test build, with a token (as one listening beyond loopback must have).
  const load = <T>(path: string) => tsImport(path, import.meta.url) as Promise<T>;
  const [{ buildServer }, { loadTokens }] = await Promise.all([
    load<typeof import('../src/server/app.ts')>('../src/server/app.ts'),
    load<typeof import('../src/server/http/auth.ts')>('../src/server/http/auth.ts'),
  ]);
  const token = `e2e-${randomInt(1e9)}-0123456789abcdef`;
  const dir = mkdtempSync(join(tmpdir(), 'cleanplate-tokens-'));
  const app = await buildServer({
    distDir: TEST_BUILD_DIR,
    jobs: { tokens: loadTokens({ CLEANPLATE_TOKENS: `editor:${token}` }), config: { dataDir: join(dir, 'data'), concurrency: 1 } },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    await page.goto(`http://127.0.0.1:${(app.server.address() as { port: number }).port}/`);
    const runtime = page.getByRole('region', { name: 'Runtime' });
    await runtime.getByRole('combobox', { name: 'Backend' }).selectOption('server-jobs');
    await ed.open(await uniquePhoto(dir, 'chelsea.png'));
    await brushOutOneStroke(ed, page);
    await expect(
      page.getByText('Remove runs in this browser: the server asks for a token: enter it under Runtime (Server token).'),
    ).toBeVisible();
    await expect(page.getByLabel('Last operation ran')).toContainText('Remove: PatchMatch (built in, no model)');
    await page.keyboard.press('Control+z');

    const field = runtime.getByLabel('Server token', { exact: true });
    await field.fill(token);
    await field.press('Enter');
    await ed.remove(2);
    await expect(page.getByLabel('Last operation ran')).toContainText('Remove: PatchMatch on the server (job)');
    await expect(ed.errors()).toHaveCount(0);
  } finally {
    await app.close();
  }
});
