// Export in real Chromium: the image at the source's dimensions (source format or chosen), the
// mask PNG, and a manifest whose strokes rebuild that mask exactly. And the 24 MP photo.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Download } from '@playwright/test';
import { expect, test } from './fixtures/test.ts';
import sharp from 'sharp';
import { parseManifest } from '../src/ops/manifest.ts';
import { rasteriseStrokes } from '../src/core/strokes.ts';
import { DEV } from './fixtures/editor-page.ts';

async function bytesOf(d: Download): Promise<Buffer> {
  return readFileSync((await d.path())!);
}

test('exports image, mask and a manifest that rebuilds the mask exactly', async ({ page, ed }) => {
  const source = `${DEV}holes/chelsea/truth.png`;
  await ed.open(source);
  const b = await ed.stageBox();
  await ed.drag([
    [b.x + 200, b.y + 200],
    [b.x + 420, b.y + 330],
    [b.x + 600, b.y + 250],
  ]);
  await page.keyboard.press('e');
  await ed.drag([
    [b.x + 380, b.y + 280],
    [b.x + 450, b.y + 300],
  ]);
  await page.keyboard.press('r');
  await ed.drag([
    [b.x + 700, b.y + 500],
    [b.x + 760, b.y + 560],
  ]);

  await page.getByRole('button', { name: 'Export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog).toBeVisible();

  const png = await bytesOf(await ed.download(/Download image/));
  expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 451, height: 300 });

  await dialog.getByLabel('Format').selectOption('webp');
  await dialog.getByRole('slider', { name: 'Quality' }).fill('70');
  const webp = await ed.download(/Download image/);
  expect(webp.suggestedFilename()).toBe('truth.cleanplate.webp');
  expect(await sharp(await bytesOf(webp)).metadata()).toMatchObject({ format: 'webp', width: 451, height: 300 });

  const maskFile = await ed.download(/Download mask/);
  expect(maskFile.suggestedFilename()).toBe('truth.mask.png');
  const mask = await sharp(await bytesOf(maskFile))
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  expect([mask.info.width, mask.info.height]).toEqual([451, 300]);
  const inPage = await page.evaluate(() => Array.from(window.__cleanplate!.store.getState().mask!.data));
  expect(Buffer.from(inPage).equals(mask.data)).toBe(true);

  const manifest = JSON.parse((await bytesOf(await ed.download(/Download manifest/))).toString('utf8'));
  expect(manifest).toMatchObject({
    type: 'cleanplate.manifest',
    version: 1,
    source: { file: 'truth.png', sha256: createHash('sha256').update(readFileSync(source)).digest('hex'), width: 451, height: 300 },
  });
  const valid = parseManifest(manifest);
  expect(valid.ok ? [] : valid.errors).toEqual([]);
  expect(manifest.job_id).toMatch(/^\d{8}-\d{6}-truth$/);
  expect(manifest.steps).toHaveLength(1);
  expect(manifest.steps[0].op).toBe('inpaint');
  expect(manifest.steps[0].strokes.map((s: { erase?: boolean; shape?: string }) => [!!s.erase, s.shape ?? 'line'])).toEqual([
    [false, 'line'],
    [true, 'line'],
    [false, 'rect'],
  ]);
  const rebuilt = rasteriseStrokes(451, 300, manifest.steps[0].strokes);
  expect(Buffer.from(rebuilt.data).equals(mask.data)).toBe(true);
  expect(mask.data.some((v) => v === 255)).toBe(true);
});

test('transparency survives a PNG export', async ({ page, ed }) => {
  await ed.open(`${DEV}bad/alpha.png`);
  await page.keyboard.press('Control+Shift+E');
  const out = await bytesOf(await ed.download(/Download image/));
  const src = await sharp(`${DEV}bad/alpha.png`).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const got = await sharp(out).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  expect([got.info.width, got.info.height]).toEqual([src.info.width, src.info.height]);
  // Same alpha channel everywhere.
  let diff = 0;
  for (let i = 3; i < src.data.length; i += 4) diff = Math.max(diff, Math.abs(src.data[i] - got.data[i]));
  expect(diff).toBe(0);
});

test('the 24 MP photo opens, takes a stroke at full resolution and exports at 6000 x 4000', async ({ page, ed }) => {
  test.setTimeout(180_000);
  await ed.open(`${DEV}large/motorcycle-24mp.jpg`);
  expect(await ed.facts()).toMatchObject({ width: 6000, height: 4000, format: 'jpeg' });
  await ed.setBrushSize(100);
  const [px, py] = await ed.toPage(3000, 2000);
  await ed.drag([
    [px, py],
    [px + 100, py],
  ]);
  const f = await ed.facts();
  expect(f.undo).toBe(1);
  // A 100 px brush at full resolution, whatever the screen scale: 50 px either side of the line.
  const [cx, cy] = await page.evaluate(() => {
    const s = window.__cleanplate!.store.getState();
    const h = s.history.done[0];
    return h.kind === 'mask' ? [h.strokes[0].points[0], h.strokes[0].points[1]] : [0, 0];
  });
  const x = Math.floor(cx),
    y = Math.floor(cy);
  expect(
    await ed.maskAt([
      [x, y],
      [x, y + 45],
      [x, y - 45],
      [x, y + 55],
      [x, y - 55],
    ]),
  ).toEqual([255, 255, 255, 0, 0]);

  await page.getByRole('button', { name: 'Export' }).click();
  const jpg = await ed.download(/Download image/);
  expect(jpg.suggestedFilename()).toBe('motorcycle-24mp.cleanplate.jpg');
  expect(await sharp(await bytesOf(jpg)).metadata()).toMatchObject({ format: 'jpeg', width: 6000, height: 4000 });
});
