// Export bundles and replay in real Chromium: brush, Remove (inpaint on the worker), export a
// bundle, reload, import it and get the same pixels; the same manifest replays byte-identically
// in the browser twice and on Node (the CLI's runner and host); malformed input is refused with
// a message naming the step and field, leaving the open document as it was.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { readBundle } from '../src/ops/bundle.ts';
import { sha256Hex } from '../src/core/hash.ts';
import { requireManifest } from '../src/ops/manifest.ts';
import { DEV } from './fixtures/editor-page.ts';
import { expect, test } from './fixtures/test.ts';
import { bundleBombPath } from '../src/test-fixtures/bundle-bomb.ts';
import { documentDigest, downloadBytes, exportBundle, importVia, nodeReplay, readZipEntry, waitForReplay } from './fixtures/bundle.ts';

const PHOTO = `${DEV}holes/chelsea/image.png`; // 451 x 300, no colour chunks: decodes alike everywhere
const BAD = `${DEV}bad/`;

test('brush, Remove, export a bundle, reload, import it: the same pixels, one undo per step', async ({ ed, page }) => {
  test.setTimeout(240_000);
  page.on('dialog', (d) => void d.accept()); // the leave guard asks before the reload
  await ed.open(PHOTO);
  await ed.setBrushSize(24);
  await ed.drag([await ed.toPage(150, 120), await ed.toPage(230, 150), await ed.toPage(260, 200)]);
  await ed.remove(2);
  await expect(ed.errors()).toHaveCount(0);
  expect((await ed.facts()).painted).toBe(0); // the mask starts empty after a result
  const edited = await documentDigest(page);
  const originalSha = await sha256Hex(new Uint8Array(await sharp(PHOTO).ensureAlpha().raw().toBuffer()) as Uint8Array<ArrayBuffer>);
  expect(edited.sha256).not.toBe(originalSha);

  const zip = await exportBundle(page, ed);
  const bundle = readBundle(zip);
  const m = bundle.manifest;
  expect(m.source).toMatchObject({
    file: 'image.png',
    width: 451,
    height: 300,
    sha256: await sha256Hex(readFileSync(PHOTO) as Uint8Array<ArrayBuffer>),
  });
  expect(m.steps).toHaveLength(1);
  expect(m.steps[0]).toMatchObject({ op: 'inpaint' });
  expect((m.steps[0] as { strokes: { width: number }[] }).strokes[0].width).toBe(24);
  expect(m.result).toMatchObject({
    file: 'image.cleanplate.png',
    width: 451,
    height: 300,
    sha256: await sha256Hex(bundle.result.bytes as Uint8Array<ArrayBuffer>),
  });
  expect(m.result!.runs[0]).toMatchObject({ step: 0, op: 'inpaint', ms: expect.any(Number) });
  expect(m.result!.runs[0].engine).toMatch(/patchmatch|biharmonic|diffusion|transport/);
  // The result image in the bundle is the edited document, pixel for pixel (PNG is lossless).
  const result = await sharp(bundle.result.bytes).ensureAlpha().raw().toBuffer();
  expect(await sha256Hex(new Uint8Array(result) as Uint8Array<ArrayBuffer>)).toBe(edited.sha256);
  // The step's mask travels as a PNG too, white where the brush went.
  const maskPng = readZipEntry(zip, 'masks/step-0.png');
  const mask = await sharp(maskPng).extractChannel(0).raw().toBuffer();
  expect(mask[150 + 451 * 120]).toBe(255);
  expect(mask[10 + 451 * 10]).toBe(0);

  await page.reload();
  await expect(page.getByRole('button', { name: 'Open image' })).toBeVisible();
  await importVia(page, [{ name: 'edit.cleanplate.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) }]);
  await waitForReplay(ed, 'image.png', 1);
  expect(await documentDigest(page)).toEqual(edited);

  // Replayed twice (over another document): byte-identical again. Undo goes back to the source.
  await ed.open(`${DEV}sr/chelsea/lr.png`);
  await importVia(page, [{ name: 'edit.cleanplate.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) }]);
  await waitForReplay(ed, 'image.png', 1);
  expect(await documentDigest(page)).toEqual(edited);
  await page.keyboard.press('Control+z');
  expect((await documentDigest(page)).sha256).toBe(originalSha);
});

test('a manifest with its source image replays to the same pixels as the Node runner (CLI host)', async ({ ed, page }) => {
  test.setTimeout(180_000);
  const manifest = {
    job_id: 'browser-vs-node',
    steps: [
      {
        op: 'inpaint',
        engine: 'patchmatch',
        strokes: [
          { points: [120, 90, 200, 140, 240, 120], width: 18 },
          { points: [300, 200, 340, 250], width: 1, shape: 'rect' },
        ],
      },
    ],
  };
  const node = await nodeReplay(PHOTO, requireManifest(manifest));
  const nodeSha = await sha256Hex(node.data as Uint8ClampedArray<ArrayBuffer>);

  await importVia(page, [{ name: 'job.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(manifest)) }, PHOTO]);
  await waitForReplay(ed, 'image.png', 1);
  expect(await documentDigest(page)).toEqual({ width: 451, height: 300, sha256: nodeSha });

  // Dropping the manifest and its image together replays it too, to the same pixels.
  await ed.open(`${DEV}sr/chelsea/lr.png`);
  await page.evaluate(
    ({ json, png }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([json], 'job.json', { type: 'application/json' }));
      dt.items.add(new File([new Uint8Array(png)], 'image.png', { type: 'image/png' }));
      for (const type of ['dragenter', 'dragover', 'drop'])
        document
          .querySelector('[data-testid="stage"]')!
          .dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { json: JSON.stringify(manifest), png: [...readFileSync(PHOTO)] },
  );
  await waitForReplay(ed, 'image.png', 1);
  expect((await documentDigest(page)).sha256).toBe(nodeSha);
});

test('malformed manifests and a corrupt bundle are refused by name; the open document is untouched', async ({ ed, page }) => {
  test.setTimeout(120_000);
  await ed.open(PHOTO);
  await ed.drag([await ed.toPage(40, 40), await ed.toPage(80, 60)]);
  const before = { facts: await ed.facts(), pixels: await documentDigest(page) };
  const cases: [string, RegExp][] = [
    ['manifest-traversal.json', /step 0 \(inpaint\): mask must stay inside the manifest's folder/],
    ['manifest-unknown-op.json', /step 0: unknown op "explode"/],
    ['manifest-bad-region.json', /step 0 \(remove_text\): region must have x1 > x0/],
    ['manifest-bad-scale.json', /step 0 \(upscale\): scale must be 2, 3 or 4/],
    ['manifest-not-json.json', /manifest is not valid JSON/],
  ];
  for (const [file, message] of cases) {
    await importVia(page, [`${BAD}${file}`, PHOTO]);
    const alert = ed.errors().filter({ hasText: `Could not import “${file}”` });
    await expect(alert).toContainText(message);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
  }
  const corrupt = Buffer.concat([Buffer.from('PK\x03\x04', 'binary'), Buffer.alloc(200, 7)]);
  await importVia(page, [{ name: 'broken.zip', mimeType: 'application/zip', buffer: corrupt }]);
  await expect(ed.errors().filter({ hasText: 'Could not import “broken.zip”' })).toContainText('not a readable .zip');
  // A bundle dropped on the window takes the same path.
  await page.evaluate(
    (bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'dropped.zip', { type: 'application/zip' }));
      for (const type of ['dragenter', 'dragover', 'drop'])
        document
          .querySelector('[data-testid="stage"]')!
          .dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    [...corrupt],
  );
  await expect(ed.errors().filter({ hasText: 'Could not import “dropped.zip”' })).toBeVisible();

  expect(await ed.facts()).toEqual(before.facts);
  expect(await documentDigest(page)).toEqual(before.pixels);
});

test("the bundle's result is upright; EXIF is stripped by default, or kept with orientation reset", async ({ ed, page }) => {
  test.setTimeout(120_000);
  await ed.open(`${DEV}bad/exif-orientation-6.jpg`);
  const { width, height } = await ed.facts();
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const stripped = readBundle(await downloadBytes(await ed.download(/Download bundle/)));
  await page.getByRole('checkbox', { name: 'Strip metadata (EXIF/GPS)' }).uncheck();
  const kept = readBundle(await downloadBytes(await ed.download(/Download bundle/)));
  for (const b of [stripped, kept]) {
    expect(b.result.name).toBe('exif-orientation-6.cleanplate.jpg');
    expect(await sharp(b.result.bytes).metadata()).toMatchObject({ width, height, format: 'jpeg' });
    expect(b.manifest.result!.sha256).toBe(await sha256Hex(b.result.bytes as Uint8Array<ArrayBuffer>));
  }
  expect((await sharp(stripped.result.bytes).metadata()).exif).toBeUndefined();
  const meta = await sharp(kept.result.bytes).metadata();
  expect(meta.exif).toBeDefined();
  expect(meta.orientation).toBe(1); // the pixels are already upright
});

test('Upscale then Remove: the bundle records both steps in source pixels and replays to the same pixels', async ({ ed, page }) => {
  test.setTimeout(240_000);
  await ed.open(`${DEV}sr/chelsea/lr.png`); // 64 x 64
  await page.getByRole('button', { name: 'Upscale ×2' }).click();
  await expect.poll(async () => (await ed.facts()).width, { timeout: 150_000 }).toBe(128);
  await ed.setBrushSize(10);
  await ed.drag([await ed.toPage(40, 40), await ed.toPage(80, 60)]);
  await ed.remove(3);
  await expect(ed.errors()).toHaveCount(0);
  const edited = await documentDigest(page);

  const zip = await exportBundle(page, ed);
  const m = readBundle(zip).manifest;
  expect(m.steps[0]).toEqual({ op: 'upscale', scale: 2, model: expect.any(String) });
  const model = (m.steps[0] as { model: string }).model;
  expect(m.steps[1]).toMatchObject({ op: 'inpaint', strokes: [expect.objectContaining({ width: 5 })] }); // drawn 10 px wide on the x2 image
  const stroke = (m.steps[1] as { strokes: { points: number[] }[] }).strokes[0];
  expect(stroke.points.slice(0, 2)).toEqual([20, 20]);
  expect(m.result!.runs[0]).toMatchObject({
    step: 0,
    op: 'upscale',
    backend: expect.stringMatching(/wasm|webgpu/),
    model: { id: model, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
  });
  expect(m.result).toMatchObject({ width: 128, height: 128 });

  await importVia(page, [{ name: 'lr.cleanplate.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) }]);
  await waitForReplay(ed, 'lr.png', 2);
  expect(await documentDigest(page)).toEqual(edited);
});

test('Remove text (detection on the worker) replays from its bundle to the same pixels, with the detector recorded', async ({
  ed,
  page,
}) => {
  test.setTimeout(240_000);
  await ed.open(`${DEV}text/chelsea/texted.png`); // 451 x 300
  await page.getByRole('button', { name: 'Remove text', exact: true }).click();
  await expect.poll(async () => (await ed.facts()).undo, { timeout: 150_000 }).toBe(1);
  await expect(ed.errors()).toHaveCount(0);
  const edited = await documentDigest(page);

  const zip = await exportBundle(page, ed);
  const m = readBundle(zip).manifest;
  expect(m.steps[0]).toMatchObject({ op: 'remove_text' });
  expect(m.result!.runs[0].boxes!.length).toBeGreaterThan(0);

  await ed.open(PHOTO);
  await importVia(page, [{ name: 'texted.cleanplate.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) }]);
  await waitForReplay(ed, 'texted.png', 1);
  expect(await documentDigest(page)).toEqual(edited);
  const run = await page.evaluate(() => (window.__cleanplate!.store.getState().history.done[0] as { run?: unknown }).run);
  expect(run).toMatchObject({
    model: { id: expect.stringMatching(/ppocr/), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    backend: expect.stringMatching(/wasm|webgpu/),
  });
});

test('a bundle that would inflate to 2.7 GB (2.7 MB of zip) is refused and the open photo kept', async ({ ed, page }) => {
  await ed.open(PHOTO);
  await ed.drag([await ed.toPage(60, 60), await ed.toPage(120, 70)]);
  const before = await ed.facts();
  await importVia(page, [bundleBombPath()]);
  const alert = ed.errors().filter({ hasText: 'Could not import' });
  await expect(alert).toContainText('bundle is too large: its entries would inflate to 2700 MB');
  await expect(alert).toContainText('more than the 1000 MB a bundle may hold');
  const after = await ed.facts();
  expect([after.name, after.undo, after.painted]).toEqual([before.name, before.undo, before.painted]);
});
