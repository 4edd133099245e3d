// Opening images in real Chromium: every format and way in, orientation, alpha, 16-bit, and
// every refused file leaving the open document as it was.
import { readdirSync } from 'node:fs';
import { expect, test } from './fixtures/test.ts';
import sharp from 'sharp';
import { DEV, documentPixels } from './fixtures/editor-page.ts';
import { encodeDevPhoto } from './fixtures/images.ts';

test('opens PNG, JPEG and WebP through the picker, drop and paste', async ({ page, ed }) => {
  await ed.open(`${DEV}holes/chelsea/truth.png`);
  expect(await ed.facts()).toMatchObject({ width: 451, height: 300, format: 'png' });
  await expect(page.getByLabel('Image size')).toHaveText('451 × 300 px');
  await expect(page.getByLabel('Zoom level')).toHaveText(/^\d+%$/);

  const jpeg = await encodeDevPhoto('jpeg', 'coffee');
  await ed.deliver('drop', jpeg, 'image/jpeg');
  await ed.waitForDocument('coffee.jpg');
  const meta = await sharp(jpeg).metadata();
  expect(await ed.facts()).toMatchObject({ format: 'jpeg', width: meta.width, height: meta.height });

  const webp = await encodeDevPhoto('webp', 'rocket');
  await ed.deliver('paste', webp, 'image/webp');
  await ed.waitForDocument('rocket.webp');
  expect(await ed.facts()).toMatchObject({ format: 'webp' });
  // The decoded pixels are the photo's, not a blank canvas.
  const [px] = await documentPixels(page, [[100, 100]]);
  const { data } = await sharp(webp).raw().toBuffer({ resolveWithObject: true });
  const w = (await sharp(webp).metadata()).width!;
  for (let c = 0; c < 3; c++) expect(Math.abs(px[c] - data[(100 * w + 100) * 3 + c])).toBeLessThanOrEqual(4);
});

test('applies EXIF orientation: the rotated JPEG shows upright', async ({ page, ed }) => {
  const path = `${DEV}bad/exif-orientation-6.jpg`;
  await ed.open(path);
  const upright = await sharp(path).rotate().raw().toBuffer({ resolveWithObject: true });
  expect(await ed.facts()).toMatchObject({ width: upright.info.width, height: upright.info.height });
  expect(upright.info.width).toBeGreaterThan(upright.info.height); // stored portrait, shown landscape
  // Compare samples across the image with sharp's upright decode (JPEG decoders differ slightly).
  const pts: Array<[number, number]> = [];
  for (let i = 1; i < 8; i++) pts.push([Math.floor((upright.info.width * i) / 8), Math.floor((upright.info.height * ((i * 3) % 8)) / 8)]);
  const got = await documentPixels(page, pts);
  let diff = 0;
  pts.forEach(([x, y], k) => {
    for (let c = 0; c < 3; c++) diff += Math.abs(got[k][c] - upright.data[(y * upright.info.width + x) * 3 + c]);
  });
  expect(diff / (pts.length * 3)).toBeLessThan(8);
});

test('keeps alpha and opens a 16-bit PNG', async ({ page, ed }) => {
  const alpha = `${DEV}bad/alpha.png`;
  await ed.open(alpha);
  expect(await ed.facts()).toMatchObject({ hasAlpha: true });
  const { data, info } = await sharp(alpha).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let transparent: [number, number] | null = null,
    opaque: [number, number] | null = null;
  for (let i = 0; i < info.width * info.height && (!transparent || !opaque); i += 97) {
    const a = data[i * 4 + 3];
    if (a === 0 && !transparent) transparent = [i % info.width, Math.floor(i / info.width)];
    if (a === 255 && !opaque) opaque = [i % info.width, Math.floor(i / info.width)];
  }
  const [t, o] = await documentPixels(page, [transparent!, opaque!]);
  expect(t[3]).toBe(0);
  expect(o[3]).toBe(255);

  await ed.open(`${DEV}bad/gray16.png`);
  expect(await ed.facts()).toMatchObject({ width: 256, height: 256, format: 'png' });
});

// Files in dev/bad that are valid images and must open (checked above); all others are refused.
const OPENS = new Set(['exif-orientation-6.jpg', 'alpha.png', 'gray16.png']);
const EXPECTED: Record<string, RegExp> = {
  'empty.png': /empty/,
  'truncated.jpg': /truncated/,
  'not-an-image.jpg': /not an image/,
  'bomb-40000x40000.png': /40000 × 40000 pixels.*up to 64/,
};

test('every refused file in dev/bad shows a message and leaves the open document intact', async ({ page, ed }) => {
  await ed.open(`${DEV}holes/chelsea/truth.png`);
  const box = await ed.stageBox();
  await ed.drag([
    [box.x + 300, box.y + 300],
    [box.x + 420, box.y + 340],
  ]);
  const before = await ed.facts();
  expect(before.painted).toBeGreaterThan(0);

  const refused = readdirSync(`${DEV}bad`).filter((f) => !OPENS.has(f));
  expect(refused.length).toBeGreaterThanOrEqual(9);
  for (const name of refused) {
    await ed.openViaPicker(`${DEV}bad/${name}`);
    const alert = ed.errors();
    await expect(alert, name).toHaveCount(1);
    // Manifests go to the import, which refuses them naming the step and field.
    const manifest = name.endsWith('.json');
    await expect(alert).toContainText(`Could not ${manifest ? 'import' : 'open'} “${name}”`);
    await expect(alert).toContainText(EXPECTED[name] ?? (manifest ? /step 0|not valid JSON/ : /not an image|damaged|truncated/));
    expect(await ed.facts(), name).toEqual(before);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await expect(alert).toHaveCount(0);
  }
  // The document still works after all that.
  await page.keyboard.press('Control+z');
  expect((await ed.facts()).painted).toBe(0);
});

test('pasting no image says so in a notice that closes itself', async ({ page, ed }) => {
  expect((await ed.facts()).name).toBeNull();
  await page.evaluate(() => document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: new DataTransfer(), bubbles: true })));
  const notice = page.getByRole('status').filter({ hasText: 'The clipboard holds no image.' });
  await expect(notice).toBeVisible();
  await expect(notice).toBeHidden({ timeout: 15_000 }); // information notices go by themselves
});
