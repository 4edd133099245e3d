// A 16-bit source is exported with 8 bits per channel by the browser's encoders: the export
// dialog says so, and where to get a 16-bit result; an 8-bit source gets no such line.
import sharp from 'sharp';
import { DEV } from './fixtures/editor-page.ts';
import { readBundle } from '../src/ops/bundle.ts';
import { exportBundle } from './fixtures/bundle.ts';
import { expect, test } from './fixtures/test.ts';

const REDUCED = 'The source has 16 bits per channel; the exported image has 8';

test('the export dialog states the depth reduction for a 16-bit source', async ({ page, ed }) => {
  await ed.open(`${DEV}bad/gray16.png`);
  expect((await sharp(`${DEV}bad/gray16.png`).metadata()).depth).toBe('ushort');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByRole('dialog')).toContainText(REDUCED);
  await page.getByRole('button', { name: 'Close' }).click();
  const bundle = readBundle(await exportBundle(page, ed));
  expect((await sharp(bundle.result.bytes).metadata()).depth).toBe('uchar'); // what the line says

  await ed.open(`${DEV}holes/chelsea/image.png`);
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(page.getByRole('dialog')).not.toContainText(REDUCED);
});
