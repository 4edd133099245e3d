// Remove on the 24 MP photo with three separate masks: progress shows, Cancel leaves the
// document untouched, and a second run completes at full resolution (far pixels identical).
import { expect, test } from './fixtures/test.ts';
import { DEV, documentPixels } from './fixtures/editor-page.ts';

test('24 MP photo, three separate masks: Cancel mid-way changes nothing; then Remove completes at full resolution', async ({
  page,
  ed,
}) => {
  test.setTimeout(240_000);
  await ed.open(`${DEV}large/motorcycle-24mp.jpg`);
  await ed.setBrushSize(80);
  const centres: Array<[number, number]> = [
    [1000, 800],
    [3000, 2000],
    [5000, 3200],
  ];
  for (const [x, y] of centres) await ed.drag([await ed.toPage(x - 150, y), await ed.toPage(x + 150, y + 60)]);
  const far: Array<[number, number]> = [
    [10, 10],
    [2000, 3500],
    [5900, 100],
    [4000, 1000],
  ];
  const probes = [...centres, ...far];
  const original = await documentPixels(page, probes);
  const image = () =>
    page.evaluate(() => {
      const s = window.__cleanplate!.store.getState();
      (window as unknown as { __img: unknown }).__img ??= s.doc!.image;
      return (window as unknown as { __img: unknown }).__img === s.doc!.image;
    });
  expect(await image()).toBe(true);
  const masked = (await ed.facts()).painted;
  expect(masked).toBeGreaterThan(3 * 300 * 80);

  // Cancel once the job reports progress.
  await page.getByRole('button', { name: 'Remove', exact: true }).click();
  const job = page.getByRole('status', { name: 'Remove in progress' });
  await expect(job).toBeVisible();
  await expect(job.getByRole('progressbar', { name: 'Progress' })).toBeVisible({ timeout: 60_000 });
  await job.getByRole('button', { name: 'Cancel' }).click();
  await expect(job).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Remove: cancelled.' })).toBeVisible();
  expect(await image()).toBe(true);
  expect(await ed.facts()).toMatchObject({ undo: 3, painted: masked, width: 6000, height: 4000 });

  // Run to completion.
  await page.keyboard.press('Shift+R');
  await expect.poll(async () => (await ed.facts()).undo, { timeout: 180_000 }).toBe(4);
  await expect(ed.errors()).toHaveCount(0);
  expect(await ed.facts()).toMatchObject({ painted: 0, width: 6000, height: 4000 });
  const now = await documentPixels(page, probes);
  expect(now.slice(3)).toEqual(original.slice(3)); // far from every mask: bit-identical
  expect(now.slice(0, 3).filter((p, i) => p.join() !== original[i].join()).length).toBeGreaterThan(0);
  const step = await page.evaluate(() => {
    const e = window.__cleanplate!.store.getState().history.done.at(-1)!;
    return e.kind === 'replace-pixels' ? e.step : null;
  });
  expect(step).toMatchObject({ op: 'inpaint', dilate: 4 });
  expect(step!.strokes).toHaveLength(3);
});
