// Text flows in real Chromium on the real detector and fill: box review (delete, add with the
// Rectangle, accept -> mask), detection limited to a drawn region, and Remove text in one
// click with its leftover check.
import { expect, test } from './fixtures/test.ts';
import { DEV, type EditorPage } from './fixtures/editor-page.ts';
import { diffFromSnapshot, snapshotDocument } from './fixtures/document-diff.ts';
import type { Page } from '@playwright/test';

const SHOTS = process.env.SHOTS_DIR;
const CHELSEA = `${DEV}text/chelsea/texted.png`;
/** The photo's true text boxes (boxes.json): a shadowed credit line and a watermark. */
const CREDIT = [80, 40, 358, 74];
const WATERMARK = [259, 266, 422, 282];

type B = [number, number, number, number];
const reviewBoxes = (page: Page) =>
  page.evaluate(() => window.__cleanplate!.store.getState().review?.boxes.map((b) => b.box) ?? null) as Promise<B[] | null>;
const centre = (b: number[]): [number, number] => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
const inside = (p: [number, number], b: number[]) => p[0] >= b[0] && p[0] < b[2] && p[1] >= b[1] && p[1] < b[3];

async function dragImage(ed: EditorPage, from: [number, number], to: [number, number]) {
  await ed.drag([await ed.toPage(...from), await ed.toPage(...to)]);
}

test('Detect text: review the boxes with scores, delete one, add one with the Rectangle and resize it by its handle, accept into the mask', async ({
  page,
  ed,
}) => {
  test.setTimeout(150_000);
  await ed.open(CHELSEA);
  await page.getByRole('button', { name: 'Detect text' }).click();
  await expect(page.getByRole('group', { name: 'Box review' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByLabel('Detection ran on')).toContainText(/ran on (WASM|WebGPU)/);
  const found = (await reviewBoxes(page))!;
  const watermark = found.find((b) => inside(centre(WATERMARK), b));
  const credit = found.find((b) => inside(centre(CREDIT), b));
  expect(watermark && credit).toBeTruthy();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/review-boxes.png` });

  // Select the watermark's box and delete it.
  const [wx, wy] = await ed.toPage(...centre(watermark!));
  await page.mouse.click(wx, wy);
  await expect.poll(() => page.evaluate(() => window.__cleanplate!.store.getState().review?.selected)).not.toBeNull();
  await page.keyboard.press('Delete');
  expect(await reviewBoxes(page)).toHaveLength(found.length - 1);

  // Add a missed one with the Rectangle tool (the review switched to it).
  expect((await ed.facts()).tool).toBe('rectangle');
  await dragImage(ed, [20.5, 200.5], [60.5, 230.5]);
  const added = (await reviewBoxes(page))!.at(-1)!;
  [20, 200, 60, 230].forEach((v, i) => expect(Math.abs(added[i] - v)).toBeLessThanOrEqual(1)); // pointer events land on whole screen pixels
  // The new box is selected: drag its bottom-right handle 10 px further out.
  await dragImage(ed, [added[2], added[3]], [added[2] + 10, added[3] + 10]);
  const adjusted = (await reviewBoxes(page))!.at(-1)!;
  expect(adjusted.slice(0, 2)).toEqual(added.slice(0, 2));
  [added[2] + 10, added[3] + 10].forEach((v, i) => expect(Math.abs(adjusted[2 + i] - v)).toBeLessThanOrEqual(1));
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/review-edited.png` });

  await page.getByRole('button', { name: 'Accept boxes' }).click();
  await expect(page.getByRole('group', { name: 'Box review' })).toHaveCount(0);
  expect((await ed.facts()).undo).toBe(1);
  const [inAdded, inCredit, inWatermark, outside] = await ed.maskAt([
    [66, 236],
    centre(credit!).map(Math.floor) as [number, number],
    centre(WATERMARK).map(Math.floor) as [number, number],
    [200, 150],
  ]);
  expect([inAdded, inCredit, inWatermark, outside]).toEqual([255, 255, 0, 0]);
  await page.keyboard.press('Control+z');
  expect((await ed.facts()).painted).toBe(0);
});

test('Detection limited to a region drawn with the Region tool finds nothing outside it; a first use shows its setup apart', async ({
  page,
  ed,
}) => {
  test.setTimeout(150_000);
  await ed.open(CHELSEA);
  await page.keyboard.press('g');
  await dragImage(ed, [60, 20], [380, 100]);
  const region = (await page.evaluate(() => window.__cleanplate!.store.getState().textRegion))!;
  [60, 20, 380, 100].forEach((v, i) => expect(Math.abs(region[i] - v)).toBeLessThanOrEqual(1));
  await expect(page.getByLabel('Detection region')).toContainText(
    `Limited to region ${region[0]},${region[1]} – ${region[2]},${region[3]}`,
  );
  await page.keyboard.press('Shift+T');
  await expect(page.getByRole('group', { name: 'Box review' })).toBeVisible({ timeout: 120_000 });
  const boxes = (await reviewBoxes(page))!;
  expect(boxes.length).toBeGreaterThan(0);
  for (const b of boxes) expect(b[0] >= region[0] && b[1] >= region[1] && b[2] <= region[2] && b[3] <= region[3]).toBe(true);
  // A first use says how much of its time went to reading the models and starting sessions.
  const ranOn = page.getByLabel('Detection ran on');
  await expect(ranOn).toContainText(
    /ran on (WASM|WebGPU), [\d.]+ s: [\d.]+ s (reading|downloading) models, [\d.]+ s starting sessions, [\d.]+ s the work/,
  );
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/review-region.png` });
  await page.getByRole('button', { name: 'Discard boxes' }).click();
  expect(await reviewBoxes(page)).toBeNull();
  expect((await ed.facts()).undo).toBe(0);

  // Once the worker has its sessions, the time is the work alone.
  await page.keyboard.press('Shift+T');
  await expect(page.getByRole('group', { name: 'Box review' })).toBeVisible({ timeout: 120_000 });
  await expect(ranOn).toContainText(/ran on (WASM|WebGPU), [\d.]+ s$/);
  await page.getByRole('button', { name: 'Discard boxes' }).click();
});

test('Remove text in one click: text areas change, the rest is bit-identical, leftover text is flagged or reported absent', async ({
  page,
  ed,
}) => {
  test.setTimeout(180_000);
  await ed.open(CHELSEA);
  await snapshotDocument(page, 'original');
  await page.getByRole('button', { name: 'Remove text' }).click();
  await expect.poll(async () => (await ed.facts()).undo, { timeout: 170_000 }).toBe(1);
  await expect(ed.errors()).toHaveCount(0);

  // The pixels changed only around the boxes the op filled (recorded in the step's run).
  const run = await page.evaluate(() => {
    const s = window.__cleanplate!.store.getState();
    const e = s.history.done[0] as { step: unknown; run: { boxes: number[][]; leftover: number[][] } };
    const snap = window.__snaps!.original;
    const mask = new Uint8Array(snap.width * snap.height);
    for (const [x0, y0, x1, y1] of [...e.run.boxes, ...e.run.leftover])
      for (let y = y0; y < y1; y++) mask.fill(255, y * snap.width + x0, y * snap.width + x1);
    window.__snaps!.boxes = { ...snap, mask };
    return { step: e.step, boxes: e.run.boxes.length, leftover: e.run.leftover.length };
  });
  expect(run.step).toEqual({ op: 'remove_text' });
  expect(run.boxes).toBeGreaterThanOrEqual(2);
  const diff = await diffFromSnapshot(page, 'original', 16, 'boxes');
  expect(diff.changedFar).toBe(0);
  expect(diff.changed).toBeGreaterThan(1000);

  // Most true text pixels changed.
  const textChanged = await page.evaluate(async () => {
    const s = window.__snaps!.original;
    const img = window.__cleanplate!.store.getState().doc!.image;
    const c = new OffscreenCanvas(img.width, img.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img.source, 0, 0);
    const now = ctx.getImageData(0, 0, img.width, img.height).data;
    let n = 0,
      changed = 0;
    for (const [x0, y0, x1, y1] of [
      [80, 40, 358, 74],
      [259, 266, 422, 282],
    ])
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++) {
          const i = 4 * (y * img.width + x);
          n++;
          if (now[i] !== s.rgba[i] || now[i + 1] !== s.rgba[i + 1] || now[i + 2] !== s.rgba[i + 2]) changed++;
        }
    return changed / n;
  });
  expect(textChanged).toBeGreaterThan(0.5);

  if (run.leftover > 0) {
    await expect(page.getByRole('status', { name: 'Leftover text' })).toContainText(`${run.leftover} leftover text area`);
  } else {
    await expect(page.getByRole('status').filter({ hasText: 'no leftover text found' })).toBeVisible();
  }
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/remove-text.png` });
  await page.keyboard.press('Control+z');
  expect((await diffFromSnapshot(page, 'original', 0)).changed).toBe(0);
});
