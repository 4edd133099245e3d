// The upscale model picker: the graphics model runs when picked and is recorded; a x2-only
// model disables x3 and x4.
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures/test.ts';
import { DEV } from './fixtures/editor-page.ts';

test('Upscale with the graphics model picked: the result and the manifest name it, and the panel says where it ran', async ({
  page,
  ed,
}) => {
  test.setTimeout(150_000);
  await ed.open(`${DEV}sr/chelsea/lr.png`);
  const picker = page.getByRole('combobox', { name: 'Upscale model' });
  await picker.selectOption('nomos-span-x2');
  await expect(page.getByRole('button', { name: 'Upscale ×4' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Upscale ×2' })).toBeEnabled();
  await picker.selectOption('realesr-animevideov3');
  await page.getByRole('button', { name: 'Upscale ×2' }).click();
  await expect.poll(async () => (await ed.facts()).width, { timeout: 120_000 }).toBe(128);
  await expect(page.getByLabel('Upscale ran on')).toContainText(/realesr-animevideov3 ran on (WASM|WebGPU)/);
  await page.getByRole('button', { name: 'Export' }).click();
  const manifest = JSON.parse(readFileSync((await (await ed.download(/Download manifest/)).path())!, 'utf8'));
  expect(manifest.steps).toEqual([{ op: 'upscale', scale: 2, model: 'realesr-animevideov3' }]);
});
