// The Runtime section of the side panel, in real Chromium (whose only WebGPU adapter here is
// SwiftShader, a software renderer): it says what the browser offers and what Auto does with
// it; forcing a backend makes the next job run there, and the choice survives a reload.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { DEV } from './fixtures/editor-page.ts';
import { expect, test } from './fixtures/test.ts';

test('the Runtime section shows WebGPU and WASM, and a forced backend runs the next job and is kept', async ({ ed, page }) => {
  test.setTimeout(240_000);
  const photo = join(mkdtempSync(join(tmpdir(), 'cleanplate-runtime-')), 'small.png');
  await sharp(`${DEV}sr/rocket/lr.png`).resize(48, 48, { fit: 'cover' }).png().toFile(photo);
  const runtime = page.getByRole('region', { name: 'Runtime' });
  const backend = runtime.getByRole('combobox', { name: 'Backend' });
  const upscaled = page.getByLabel('Upscale ran on');

  await expect(backend).toHaveValue('auto');
  await expect(runtime.getByRole('definition').first()).toContainText(/swiftshader.*software/i);
  await expect(runtime.getByRole('definition').nth(1)).toContainText(/\d+ threads?, SIMD/);
  await expect(runtime).toContainText('Auto runs on WASM: the WebGPU adapter is a software renderer');

  await ed.open(photo);
  await page.getByRole('button', { name: '×2' }).click();
  await expect(upscaled).toContainText(/ran on WASM/, { timeout: 120_000 });

  // Forced WebGPU: the next job runs on the (software) adapter.
  await backend.selectOption('webgpu');
  await expect(runtime).toContainText('Every model runs on WebGPU.');
  await page.keyboard.press('Control+z');
  await page.getByRole('button', { name: '×2' }).click();
  await expect(upscaled).toContainText(/ran on WebGPU/, { timeout: 180_000 });
  await expect(ed.errors()).toHaveCount(0);
  await runtime.screenshot({ path: test.info().outputPath('runtime.png') });

  // Kept across a reload, and back to WASM from there.
  await ed.goto();
  await expect(backend).toHaveValue('webgpu');
  await backend.selectOption('wasm');
  await ed.open(photo);
  await page.getByRole('button', { name: '×2' }).click();
  await expect(upscaled).toContainText(/ran on WASM/, { timeout: 120_000 });
});

test('the Server backend: the panel says tiles go to the server, Upscale runs there, detection stays in the browser', async ({
  ed,
  page,
}) => {
  test.setTimeout(120_000);
  const photo = join(mkdtempSync(join(tmpdir(), 'cleanplate-runtime-')), 'small.png');
  await sharp(`${DEV}sr/rocket/lr.png`).resize(48, 48, { fit: 'cover' }).png().toFile(photo);
  const runtime = page.getByRole('region', { name: 'Runtime' });
  // Before the choice, the start screen says what would leave the computer if it were made.
  await expect(page.getByText('Photos stay on this computer, except heavy jobs')).toBeVisible();
  await runtime.getByRole('combobox', { name: 'Backend' }).selectOption('server');
  await expect(runtime).toContainText('Upscaling runs on the server that serves this page');
  // The start screen no longer promises that everything stays on this computer.
  await expect(page.getByText('Upscaling sends tiles to the server that serves this page')).toBeVisible();
  await expect(page.getByText('Photos stay on this computer')).toBeHidden();
  await ed.open(photo);
  await page.getByRole('button', { name: '×4' }).click();
  await expect(page.getByLabel('Upscale ran on')).toContainText(/realesr-general-x4v3 ran on the server \(CPU\)/, { timeout: 60_000 });
  await expect.poll(async () => (await ed.facts()).width).toBe(192);
  await page.getByRole('button', { name: 'Detect text' }).click();
  await expect(page.getByLabel('Detection ran on')).toContainText(/ran on WASM/, { timeout: 60_000 });
  await expect(ed.errors()).toHaveCount(0);
});
