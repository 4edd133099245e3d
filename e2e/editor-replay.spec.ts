// Import keeps the history whole, in real Chromium: accepted text boxes travel as a detect_text
// step through export -> import -> export again, and a bare manifest naming a mask file
// replays when its source image and mask PNG are chosen (or dropped) together, as the CLI
// replays it; a mask not chosen is named, and nothing open is lost.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { readBundle } from '../src/ops/bundle.ts';
import { sha256Hex } from '../src/core/hash.ts';
import { requireManifest } from '../src/ops/manifest.ts';
import { documentDigest, exportBundle, importVia, nodeReplay, readZipEntry, waitForReplay } from './fixtures/bundle.ts';
import { DEV } from './fixtures/editor-page.ts';
import { expect, test } from './fixtures/test.ts';

const TEXTED = `${DEV}text/chelsea/texted.png`; // 451 x 300, a caption and a watermark
const HOLES = `${DEV}holes/chelsea/`; // image.png and mask.png (white = remove), 451 x 300

const historyKinds = (page: import('@playwright/test').Page) =>
  page.evaluate(() => window.__cleanplate!.store.getState().history.done.map((e) => e.kind));

test('Detect text, accept the boxes, Remove: the detect_text step survives import and re-export', async ({ ed, page }) => {
  test.setTimeout(300_000);
  await ed.open(TEXTED);
  await page.getByRole('button', { name: 'Detect text' }).click();
  await expect(page.getByRole('group', { name: 'Box review' })).toBeVisible({ timeout: 120_000 });
  const found = await page.evaluate(() => window.__cleanplate!.store.getState().review!.boxes.length);
  // The operator adds a box the detector missed (the review switched to the Rectangle tool).
  await ed.drag([await ed.toPage(20.5, 200.5), await ed.toPage(60.5, 230.5)]);
  await page.getByRole('button', { name: 'Accept boxes' }).click();
  await expect.poll(async () => (await ed.facts()).undo).toBe(1);
  await ed.remove(2);
  await expect(ed.errors()).toHaveCount(0);
  const edited = await documentDigest(page);

  const zip = await exportBundle(page, ed);
  const m = readBundle(zip).manifest;
  expect(m.steps.map((s) => s.op)).toEqual(['detect_text', 'inpaint']);
  const accepted = (m.steps[0] as { boxes: number[][] }).boxes;
  expect(accepted).toHaveLength(found + 1);
  accepted.at(-1)!.forEach((v, i) => expect(Math.abs(v - [20, 200, 60, 230][i])).toBeLessThanOrEqual(1));
  expect(m.result!.runs[0]).toMatchObject({
    step: 0,
    op: 'detect_text',
    backend: expect.stringMatching(/^(wasm|webgpu)$/),
    ms: expect.any(Number),
    model: { id: expect.stringMatching(/ppocr/), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
  });
  expect(m.result!.runs[0].boxes).toHaveLength(found);

  // Import: one undo per step, the boxes back on the mask's history, the same pixels...
  await ed.open(`${HOLES}image.png`);
  await importVia(page, [{ name: 'texted.cleanplate.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) }]);
  await waitForReplay(ed, 'texted.png', 2);
  expect(await historyKinds(page)).toEqual(['mask', 'replace-pixels']);
  expect(await documentDigest(page)).toEqual(edited);

  // ...and exported again, the same steps, the same detection record, the same result.
  const again = readBundle(await exportBundle(page, ed));
  expect(again.manifest.steps).toEqual(m.steps);
  expect(again.manifest.result!.runs[0]).toEqual(m.result!.runs[0]);
  expect(again.manifest.result!.sha256).toBe(m.result!.sha256);

  // Editing continues from there: a new stroke and Remove add a third step.
  await page.getByRole('button', { name: 'Brush' }).click();
  await ed.setBrushSize(16);
  await ed.drag([await ed.toPage(100, 160), await ed.toPage(140, 180)]); // below the notices
  await ed.remove(4);
  const third = readBundle(await exportBundle(page, ed)).manifest.steps;
  expect(third.slice(0, 2)).toEqual(m.steps);
  expect(third[2]).toMatchObject({ op: 'inpaint', strokes: [expect.objectContaining({ width: 16 })] });
});

test('a manifest naming a mask file replays with its source and mask chosen together, as the CLI replays it', async ({ ed, page }) => {
  test.setTimeout(240_000);
  // The job as it lies on disk: manifest.json with masks/mask.png beside it.
  const folder = mkdtempSync(join(tmpdir(), 'cleanplate-job-'));
  mkdirSync(join(folder, 'masks'));
  copyFileSync(`${HOLES}mask.png`, join(folder, 'masks/mask.png'));
  const manifest = {
    job_id: 'mask-file',
    source: { file: 'image.png' },
    steps: [{ op: 'inpaint', engine: 'patchmatch', mask: 'masks/mask.png' }],
  };
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest));
  const node = await nodeReplay(`${HOLES}image.png`, requireManifest(manifest), folder);
  const nodeSha = await sha256Hex(node.data as Uint8ClampedArray<ArrayBuffer>);

  // Something open and edited, which a refused import must leave alone.
  await ed.open(TEXTED);
  await ed.drag([await ed.toPage(40, 40), await ed.toPage(80, 60)]);
  const before = { facts: await ed.facts(), pixels: await documentDigest(page) };

  // The mask not chosen: named, with what to do.
  await importVia(page, [join(folder, 'manifest.json'), `${HOLES}image.png`]);
  const alert = ed.errors().filter({ hasText: 'Could not import “manifest.json”' });
  await expect(alert).toContainText(
    'step 0 (inpaint): mask "masks/mask.png" is not among the chosen files: choose it together with the manifest and its source image',
  );
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  expect(await ed.facts()).toEqual(before.facts);
  expect(await documentDigest(page)).toEqual(before.pixels);

  // All three chosen at once (in any order): replayed, the same pixels as on Node.
  await importVia(page, [join(folder, 'masks/mask.png'), join(folder, 'manifest.json'), `${HOLES}image.png`]);
  await waitForReplay(ed, 'image.png', 1);
  expect(await documentDigest(page)).toEqual({ width: 451, height: 300, sha256: nodeSha });

  // Dropped together, the same.
  await ed.open(TEXTED);
  await page.evaluate(
    (files) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
      for (const type of ['dragenter', 'dragover', 'drop'])
        document
          .querySelector('[data-testid="stage"]')!
          .dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    [
      { name: 'manifest.json', type: 'application/json', bytes: [...readFileSync(join(folder, 'manifest.json'))] },
      { name: 'image.png', type: 'image/png', bytes: [...readFileSync(`${HOLES}image.png`)] },
      { name: 'mask.png', type: 'image/png', bytes: [...readFileSync(`${HOLES}mask.png`)] },
    ],
  );
  await waitForReplay(ed, 'image.png', 1);
  expect((await documentDigest(page)).sha256).toBe(nodeSha);

  // Exported again, the bundle carries the mask file the step names, pixel for pixel.
  const zip = await exportBundle(page, ed);
  const b = readBundle(zip);
  expect(b.manifest.steps).toEqual([{ op: 'inpaint', engine: 'patchmatch', mask: 'masks/step-0.png' }]);
  const carried = await sharp(readZipEntry(zip, 'masks/step-0.png')).extractChannel(0).raw().toBuffer();
  expect(carried.equals(await sharp(`${HOLES}mask.png`).extractChannel(0).raw().toBuffer())).toBe(true);
});

test('a manifest recorded with a model this machine lacks replays, and the notice says which step ran otherwise', async ({ ed, page }) => {
  test.setTimeout(240_000);
  // Recorded where LaMa was installed: its run names the model and engine. Here Auto fills with the built-in engine.
  const folder = mkdtempSync(join(tmpdir(), 'cleanplate-job-'));
  copyFileSync(`${HOLES}mask.png`, join(folder, 'mask.png'));
  const lama = { id: 'lama', sha256: '0'.repeat(64) };
  const manifest = {
    job_id: 'made-with-lama',
    source: { file: 'image.png' },
    steps: [{ op: 'inpaint', mask: 'mask.png' }],
    result: {
      file: 'image.cleanplate.png',
      sha256: '1'.repeat(64),
      width: 451,
      height: 300,
      runs: [{ step: 0, op: 'inpaint', ms: 640, backend: 'webgpu', engine: 'lama', model: lama }],
    },
  };
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest));
  await importVia(page, [join(folder, 'manifest.json'), `${HOLES}image.png`, join(folder, 'mask.png')]);
  await waitForReplay(ed, 'image.png', 1);
  const notice = page.getByRole('status').filter({ hasText: 'not as recorded' });
  await expect(notice).toContainText('Replayed 1 step from');
  await expect(notice).toContainText('step 0 (inpaint): model lama, which the recording ran, did not run here');
  await expect(notice).toContainText(/step 0 \(inpaint\): filled with \w+; the recording used lama/);
  await expect(notice).toContainText('npm run models -- --from');
  await page.screenshot({ path: test.info().outputPath('replay-drift.png') });
  // It stays until read: a warning does not fade like a confirmation.
  await page.waitForTimeout(6000);
  await expect(notice).toBeVisible();
});

test("every unreadable file of dev/bad is refused as a manifest's source or mask, and the open document stays", async ({ ed }) => {
  test.setTimeout(120_000);
  const BAD = `${DEV}bad/`;
  await ed.open(TEXTED);
  await ed.drag([await ed.toPage(100, 160), await ed.toPage(140, 180)]);
  const before = await ed.facts();
  const job = (mask?: string) => ({
    name: 'job.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({ steps: [{ op: 'inpaint', ...(mask ? { mask } : { strokes: [{ points: [10, 10], width: 4 }] }) }] }),
    ),
  });
  const refusals: [string, RegExp][] = [
    ['empty.png', /empty/],
    ['truncated.jpg', /truncated|damaged|not an image/],
    ['not-an-image.jpg', /not an image/],
    ['bomb-40000x40000.png', /40000 × 40000 pixels/],
  ];
  for (const [name, why] of refusals) {
    await importVia(ed.page, [job(), `${BAD}${name}`]);
    const alert = ed.errors().filter({ hasText: 'Could not import “job.json”' });
    await expect(alert, name).toContainText('The source image:');
    await expect(alert, name).toContainText(why);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    expect(await ed.facts(), name).toEqual(before);
  }
  // A file that is no PNG, chosen as the mask a step names.
  await importVia(ed.page, [job('empty.png'), `${HOLES}image.png`, `${BAD}empty.png`]);
  await expect(ed.errors().filter({ hasText: 'Could not import “job.json”' })).toContainText(
    'mask "empty.png" is not a readable PNG image',
  );
  expect(await ed.facts()).toEqual(before);
});

test('Upscale ×3, brush at fractional positions, Remove: the bundle replays to the same pixels', async ({ ed, page }) => {
  test.setTimeout(240_000);
  await ed.open(`${DEV}sr/chelsea/lr.png`); // 64 x 64
  await page.getByRole('button', { name: 'Upscale ×3' }).click();
  await expect.poll(async () => (await ed.facts()).width, { timeout: 150_000 }).toBe(192);
  await ed.setBrushSize(7);
  await ed.drag([await ed.toPage(40.37, 100.71), await ed.toPage(90.13, 120.29), await ed.toPage(130.77, 150.51)]);
  await ed.remove(3);
  await expect(ed.errors()).toHaveCount(0);
  const edited = await documentDigest(page);
  const drawn = await page.evaluate(
    () =>
      (window.__cleanplate!.store.getState().history.done[2] as unknown as { step: { strokes: { points: number[] }[] } }).step.strokes[0]
        .points,
  );

  const zip = await exportBundle(page, ed);
  const steps = readBundle(zip).manifest.steps;
  expect(steps[1]).toMatchObject({ op: 'inpaint', strokes: [expect.objectContaining({ width: 7 / 3 })] });
  // Each recorded source coordinate, times 3, is exactly the point drawn on the larger image.
  expect((steps[1] as { strokes: { points: number[] }[] }).strokes[0].points.map((v) => v * 3)).toEqual(drawn);

  await importVia(page, [{ name: 'lr.cleanplate.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) }]);
  await waitForReplay(ed, 'lr.png', 2);
  expect(await documentDigest(page)).toEqual(edited);
});
