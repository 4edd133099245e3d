// Offline previews: after one visit with "Make available offline" done, the network goes away
// (context.setOffline), the page reloads from the service worker's cache, still cross-origin
// isolated, and every local operation runs: open, Remove, Detect text, Upscale, Export. And
// without the models saved, the failure says offline, not "not installed".
import type { Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, test } from './fixtures/test.ts';
import { DEV } from './fixtures/editor-page.ts';
import { TEST_BUILD_DIR } from './fixtures/test-build.ts';

/** Waits until the service worker has installed (precached the app and ONNX Runtime) and controls the page. */
async function serviceWorkerInCharge(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

test('after Make available offline, the editor reloads and works with the network off', async ({ page, ed, context }) => {
  test.setTimeout(300_000);
  await serviceWorkerInCharge(page);
  const offline = page.getByRole('region', { name: 'Offline' });
  await offline.getByRole('button', { name: 'Make available offline' }).click();
  await expect(offline.getByRole('progressbar', { name: 'Saving for offline use' })).toBeVisible();
  await expect(offline.getByLabel('Offline models')).toContainText(/The editor and all \d+ installed models work offline/, {
    timeout: 120_000,
  });
  await expect(offline.getByLabel('Storage used')).toContainText(/\d+ MB used of/);

  await context.setOffline(true);
  await page.reload();
  await ed.goto(); // the page came from the service worker: no network
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true); // isolation headers kept: WASM threads work

  await ed.open(`${DEV}text/chelsea/texted.png`);
  await page.keyboard.press('r');
  await ed.drag([await ed.toPage(40, 150), await ed.toPage(70, 180)]);
  await ed.remove(2);

  await page.getByRole('button', { name: 'Detect text' }).click();
  await expect(page.getByRole('group', { name: 'Box review' })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByLabel('Detection ran on')).toContainText(/ran on (WASM|WebGPU)/);
  await page.getByRole('button', { name: 'Accept boxes' }).click();
  await expect.poll(async () => (await ed.facts()).undo).toBe(3);

  const { width } = await ed.facts();
  await page.getByRole('button', { name: '×2' }).click();
  await expect.poll(async () => (await ed.facts()).width, { timeout: 180_000 }).toBe(2 * width);
  await expect(page.getByLabel('Upscale ran on')).toContainText(/ran on (WASM|WebGPU)/);

  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const image = await ed.download(/Download image/);
  const meta = await sharp(readFileSync((await image.path())!)).metadata();
  expect([meta.format, meta.width]).toEqual(['png', 2 * width]);
  await expect(ed.errors()).toHaveCount(0);
});

test('offline without the models saved: Detect text says the server cannot be reached, not that the model is missing', async ({
  page,
  ed,
  context,
}) => {
  test.setTimeout(120_000);
  await serviceWorkerInCharge(page);
  await context.setOffline(true);
  await page.reload();
  await ed.goto();
  await ed.open(`${DEV}text/chelsea/texted.png`);
  await page.getByRole('button', { name: 'Detect text' }).click();
  const alert = ed.errors().filter({ hasText: 'Detect text failed' });
  await expect(alert).toContainText('not saved in this browser yet and the server cannot be reached', { timeout: 60_000 });
  await expect(alert).toContainText('Make available offline');
  await expect(alert).not.toContainText('not installed');
});

test('a new version is announced while a photo is open, and takes over on the next load', async ({ page, ed }) => {
  test.setTimeout(120_000);
  await serviceWorkerInCharge(page);
  await ed.open(`${DEV}holes/chelsea/truth.png`);
  await ed.drag([await ed.toPage(60, 60), await ed.toPage(120, 70)]);
  await expect(page.getByLabel('Autosave')).toContainText('Saved in this browser');
  // Ship a new version: the service worker's script changes on the server.
  const script = join(TEST_BUILD_DIR, 'sw.js');
  const original = readFileSync(script);
  writeFileSync(script, Buffer.concat([original, Buffer.from(`\n// a later version\n`)]));
  try {
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r!.update()));
    await expect(page.getByRole('status').filter({ hasText: 'A new version of cleanplate is ready.' })).toContainText(
      'takes over the next time you reload',
    );
    // The page reloads itself once onto the new version: a look taken during that navigation
    // has no page to run in, and counts as "not known yet" (null) rather than failing the poll.
    const waiting = () => page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => !!r?.waiting)).catch(() => null);
    expect(await waiting()).toBe(true); // not applied under the edit
    expect((await ed.facts()).undo).toBe(1);

    page.on('dialog', (d) => void d.accept()); // the leave guard asks before the reload
    await page.reload();
    // With no photo open yet, the new version takes over (the page reloads once onto it).
    await expect.poll(waiting, { timeout: 60_000 }).toBe(false);
    await ed.goto();
    await expect(page.getByRole('button', { name: /^Restore truth\.png/ })).toBeVisible(); // the edit is still there to restore
  } finally {
    writeFileSync(script, original);
  }
});
