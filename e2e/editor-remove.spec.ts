// Remove (inpaint the brushed mask) and compare, in real Chromium with the real worker: only
// pixels near the mask change, undo restores them, brushing again on the result works, and
// Compare shows the pixels from before.
import { expect, test } from './fixtures/test.ts';
import { DEV } from './fixtures/editor-page.ts';
import { diffFromSnapshot, snapshotDocument } from './fixtures/document-diff.ts';

/** Dilation 4 + feather 4 + 2 px of rounding: beyond this every pixel must be bit-identical. */
const FAR = 10;
const SHOTS = process.env.SHOTS_DIR;

test('Remove fills the brushed mask, leaves far pixels bit-identical, undoes, and works twice; Compare shows before', async ({
  page,
  ed,
}) => {
  test.setTimeout(120_000);
  await ed.open(`${DEV}holes/chelsea/truth.png`);
  // Engines whose model files are not installed here are offered greyed out.
  await expect(page.getByRole('option', { name: 'MI-GAN (not installed)' })).toBeDisabled();
  await expect(page.getByRole('option', { name: 'PatchMatch (built in)' })).toBeEnabled();
  // With nothing brushed, Remove is disabled and drawn as such, not as the accent button it becomes.
  const removeButton = page.getByRole('button', { name: 'Remove', exact: true });
  await expect(removeButton).toBeDisabled();
  await expect(removeButton).toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
  await ed.setBrushSize(14);
  const stroke = async (pts: Array<[number, number]>) => ed.drag(await Promise.all(pts.map(([x, y]) => ed.toPage(x, y))));
  await stroke([
    [60, 60],
    [110, 70],
    [140, 60],
  ]);
  await expect(removeButton).toBeEnabled();
  await expect(removeButton).not.toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
  await snapshotDocument(page, 'original');

  await ed.remove(2, 90_000);
  await expect(ed.errors()).toHaveCount(0);
  expect((await ed.facts()).painted).toBe(0); // the mask went with the step
  const first = await diffFromSnapshot(page, 'original', FAR);
  expect(first.changedFar).toBe(0);
  expect(first.changedInMask).toBeGreaterThan(first.masked * 0.8);
  await expect(page.getByLabel('Remove ran on')).toContainText(/PatchMatch|biharmonic|diffusion|coherence transport/);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/remove-result.png` });

  // Compare: the screen shows the pixels from before while the toggle is on.
  const [px, py] = await ed.toPage(110.5, 70.5);
  const after = await ed.screenPixel(px, py);
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByLabel('Compare state')).toContainText('Before');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/compare-before.png` });
  const before = await ed.screenPixel(px, py);
  const orig = await page.evaluate(() => Array.from(window.__snaps!.original.rgba.slice(4 * (70 * 451 + 110), 4 * (70 * 451 + 110) + 3)));
  expect(before.map((v, i) => Math.abs(v - orig[i])).every((d) => d <= 3)).toBe(true);
  expect(before).not.toEqual(after);
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByLabel('Compare state')).toContainText('After');
  expect(await ed.screenPixel(px, py)).toEqual(after);
  // Holding backslash shows before too.
  await page.keyboard.down('\\');
  await expect(page.getByLabel('Compare state')).toContainText('Before');
  await page.keyboard.up('\\');
  await expect(page.getByLabel('Compare state')).toContainText('After');

  // Brush again on the result and remove again (Shift+R).
  await snapshotDocument(page, 'first');
  await stroke([
    [300, 200],
    [360, 230],
  ]);
  await snapshotDocument(page, 'second-mask');
  await page.keyboard.press('Shift+R');
  await expect.poll(async () => (await ed.facts()).undo, { timeout: 90_000 }).toBe(4);
  const second = await diffFromSnapshot(page, 'first', FAR, 'second-mask');
  expect(second.changedFar).toBe(0);
  expect(second.changedInMask).toBeGreaterThan(second.masked * 0.8);

  // Undo both: the original pixels and the first mask are back.
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  expect((await diffFromSnapshot(page, 'original', FAR)).changed).toBe(0);
  expect((await ed.facts()).painted).toBeGreaterThan(0);
});
