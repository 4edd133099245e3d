// Redact faces in real Chromium on the real YuNet (onnxruntime-web): the face is found and put
// up for review like detected text (add, delete), Accept pixelates it as one undo step, the
// exported manifest records the redact step with the accepted boxes, and Node replays that
// manifest to the very pixels the editor shows.
import { sha256Hex } from '../src/core/hash.ts';
import { requireManifest } from '../src/ops/manifest.ts';
import { readBundle } from '../src/ops/bundle.ts';
import { documentDigest, exportBundle, nodeReplay } from './fixtures/bundle.ts';
import { DEV } from './fixtures/editor-page.ts';
import { expect, test } from './fixtures/test.ts';

const ASTRONAUT = `${DEV}holes/astronaut/truth.png`; // 512 x 512, one face at about [179, 63, 269, 176]
const SHOTS = process.env.SHOTS_DIR;

type B = [number, number, number, number];

test('Redact faces: review, pixelate as one undo step, the manifest records it and replays identically', async ({ page, ed }) => {
  test.setTimeout(240_000);
  await ed.open(ASTRONAUT);
  const original = await documentDigest(page);
  await page.getByLabel('Redaction style').selectOption('pixelate');
  await page.getByRole('button', { name: 'Redact faces' }).click();
  await expect(page.getByRole('group', { name: 'Box review' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('heading', { name: 'Review boxes to redact' })).toBeVisible();
  const boxes = () =>
    page.evaluate(() => window.__cleanplate!.store.getState().review?.boxes.map((b) => b.box) ?? null) as Promise<B[] | null>;
  const found = (await boxes())!;
  expect(found).toHaveLength(1);
  const [x0, y0, x1, y1] = found[0];
  expect([x0 <= 179, y0 <= 63, x1 >= 269, y1 >= 176]).toEqual([true, true, true, true]);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/redact-review.png` });

  // The operator adds a box (the review switched to the Rectangle tool), then deletes it again.
  await ed.drag([await ed.toPage(20.5, 400.5), await ed.toPage(80.5, 460.5)]);
  expect(await boxes()).toHaveLength(2);
  await page.keyboard.press('Delete');
  expect(await boxes()).toEqual(found);

  const accept = page.getByRole('button', { name: 'Accept boxes' });
  await expect(accept).toContainText('Accept boxes and redact');
  await accept.click();
  await expect.poll(async () => (await ed.facts()).undo, { timeout: 120_000 }).toBe(1);
  await expect(ed.errors()).toHaveCount(0);
  const redacted = await documentDigest(page);
  expect(redacted.sha256).not.toBe(original.sha256);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/redact-done.png` });

  const m = readBundle(await exportBundle(page, ed)).manifest;
  expect(m.steps).toEqual([{ op: 'redact', targets: ['faces'], style: 'pixelate', boxes: found }]);
  expect(m.result!.runs[0]).toMatchObject({ step: 0, op: 'redact', leftover: [] });
  expect(m.result!.runs[0].models?.map((r) => r.id) ?? [m.result!.runs[0].model?.id]).toContain('yunet-n');
  const node = await nodeReplay(ASTRONAUT, requireManifest(m));
  expect(await sha256Hex(node.data as Uint8ClampedArray<ArrayBuffer>)).toBe(redacted.sha256);

  // One undo brings the face back.
  await page.keyboard.press('Control+z');
  expect((await ed.facts()).undo).toBe(0);
  expect(await documentDigest(page)).toEqual(original);
});
