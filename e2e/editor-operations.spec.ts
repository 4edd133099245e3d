// Operations through the real inference worker (onnxruntime-web on the real models): the
// editor sends the document's pixels, shows progress, and makes the result one undoable edit.
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures/test.ts';
import sharp from 'sharp';
import { DEV } from './fixtures/editor-page.ts';

test('Detect text, accepted as found, masks the text where it is in the photo, as one undoable step', async ({ page, ed }) => {
  test.setTimeout(180_000);
  await ed.open(`${DEV}text/chelsea/texted.png`);
  await page.getByRole('button', { name: 'Detect text' }).click();
  await expect(page.getByRole('status', { name: 'Detect text in progress' })).toHaveCount(0, { timeout: 150_000 });
  await expect(ed.errors()).toHaveCount(0);
  await page.keyboard.press('Enter'); // Accept boxes

  // Most of the true text pixels are now masked: the boxes landed at source coordinates.
  const truth = await sharp(`${DEV}text/chelsea/mask.png`).extractChannel(0).raw().toBuffer();
  const mask = Buffer.from(await page.evaluate(() => Array.from(window.__cleanplate!.store.getState().mask!.data)));
  let text = 0,
    covered = 0;
  for (let i = 0; i < truth.length; i++)
    if (truth[i] > 127) {
      text++;
      if (mask[i]) covered++;
    }
  expect(covered / text).toBeGreaterThan(0.7);
  expect((await ed.facts()).undo).toBe(1);
  await page.getByRole('button', { name: 'Undo' }).click();
  expect((await ed.facts()).painted).toBe(0);
});

test('Upscale ×2 replaces the pixels at twice the size; undo brings the original back', async ({ page, ed }) => {
  test.setTimeout(180_000);
  await ed.open(`${DEV}sr/chelsea/lr.png`);
  await page.getByRole('button', { name: 'Upscale ×2' }).click();
  await expect.poll(async () => (await ed.facts()).width, { timeout: 150_000 }).toBe(128);
  await expect(ed.errors()).toHaveCount(0);
  await expect(page.getByLabel('Image size')).toHaveText('128 × 128 px');
  await expect(page.getByLabel('Upscale ran on')).toContainText(/(nomos-span-x2|realesr-general-x4v3) ran on (WASM|WebGPU)/);

  await page.getByRole('button', { name: 'Export' }).click();
  const out = await ed.download(/Download image/);
  expect(await sharp((await out.path())!).metadata()).toMatchObject({ width: 128, height: 128 });
  const manifest = JSON.parse(readFileSync((await (await ed.download(/Download manifest/)).path())!, 'utf8'));
  expect(manifest.steps[0]).toMatchObject({ op: 'upscale', scale: 2 });
  expect(manifest.source).toMatchObject({ width: 64, height: 64 });
  await page.getByRole('button', { name: 'Close' }).click();

  await page.keyboard.press('Control+z');
  expect(await ed.facts()).toMatchObject({ width: 64, height: 64 });
  await expect(page.getByLabel('Image size')).toHaveText('64 × 64 px');
});
