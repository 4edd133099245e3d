// A job on the 24 MP photo leaves the pixels to the worker: the page hands the worker the image
// by id (the opened file, decoded there) and gets back a bitmap made in the worker, so from
// pressing Remove until the result is on screen it never reads, copies or writes the 6000 x 4000
// pixels itself. (How long the main thread is blocked meanwhile is wall time: a figure of
// `npm run bench -- editor`, not a pass/fail check that a busy machine could fail.)
import { DEV, documentPixels } from './fixtures/editor-page.ts';
import { countPagePixelWork, pagePixelWork, resetPagePixelWork } from './fixtures/page-pixels.ts';
import { expect, test } from './fixtures/test.ts';

test.beforeEach(({ page }) => countPagePixelWork(page));

test('24 MP photo: brush, Remove; the page makes no bitmap and reads no pixels from the click until the result is shown', async ({
  page,
  ed,
}, testInfo) => {
  test.setTimeout(300_000);
  await ed.open(`${DEV}large/motorcycle-24mp.jpg`);
  await ed.setBrushSize(60);
  const far: Array<[number, number]> = [
    [10, 10],
    [5990, 3990],
    [3000, 500],
  ];
  const original = await documentPixels(page, far);
  await ed.drag([await ed.toPage(2200, 1200), await ed.toPage(2500, 1240)]);
  const steps = () => page.evaluate(() => window.__cleanplate!.store.getState().history.done.length);
  const before = await steps();
  await resetPagePixelWork(page);
  await page.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect.poll(steps, { timeout: 120_000 }).toBe(before + 1);
  // Shown: two frames after the result became the document.
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  expect(await pagePixelWork(page)).toEqual({ bitmaps: 0, reads: 0 });
  await expect(ed.errors()).toHaveCount(0);
  expect(await ed.facts()).toMatchObject({ width: 6000, height: 4000, painted: 0 });
  expect(await documentPixels(page, far)).toEqual(original); // far from the mask: bit-identical
  await page.screenshot({ path: testInfo.outputPath('after-remove-24mp.png') });
});
