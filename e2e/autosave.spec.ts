// Never lose work: every change is saved in this browser within about a second; after the tab
// is killed, a new one offers "Restore <file>, edited at HH:MM, N steps", replays it in the
// worker to the very same pixels and mask, and editing continues. Opening another image keeps
// the first one restorable from Recent documents; Discard forgets it.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test.ts';
import { DEV, EditorPage } from './fixtures/editor-page.ts';

/** sha256 of the open document's pixels and of its mask, and the undo count. */
function documentState(page: Page): Promise<{ pixels: string; mask: string; undo: number; review: number }> {
  return page.evaluate(async () => {
    const s = window.__cleanplate!.store.getState();
    const img = s.doc!.image;
    const c = new OffscreenCanvas(img.width, img.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img.source, 0, 0);
    const hex = async (b: BufferSource) =>
      [...new Uint8Array(await crypto.subtle.digest('SHA-256', b))].map((v) => v.toString(16).padStart(2, '0')).join('');
    return {
      pixels: await hex(ctx.getImageData(0, 0, img.width, img.height).data),
      mask: await hex(s.mask!.data.slice() as Uint8Array<ArrayBuffer>),
      undo: s.history.done.length,
      review: s.review?.boxes.length ?? 0,
    };
  });
}

/** The brush size of the newest document autosave stored, read back from IndexedDB. */
function storedBrushSize(page: Page): Promise<number | null> {
  return page.evaluate(
    () =>
      new Promise<number | null>((resolve, reject) => {
        const open = indexedDB.open('cleanplate-autosave');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('documents').objectStore('documents').getAll();
          all.onsuccess = () => {
            const docs = all.result as Array<{ editedAt: number; settings: { brushSize: number } }>;
            docs.sort((a, b) => b.editedAt - a.editedAt);
            open.result.close();
            resolve(docs[0]?.settings.brushSize ?? null);
          };
        };
      }),
  );
}

test('a killed tab loses nothing: restore replays the removal, the mask and the settings', async ({ page, ed, context }) => {
  test.setTimeout(180_000);
  await ed.open(`${DEV}holes/chelsea/truth.png`);
  await ed.setBrushSize(14);
  await ed.drag([await ed.toPage(60, 60), await ed.toPage(120, 70)]);
  await ed.remove(2);
  await page.keyboard.press('r');
  await ed.drag([await ed.toPage(200, 100), await ed.toPage(260, 150)]);
  await page.keyboard.press('b');
  await ed.setBrushSize(21);
  await expect(page.getByLabel('Autosave')).toContainText('Saved in this browser');
  // Saved within about a second of the last change: the brush size is in the stored document.
  await expect.poll(() => storedBrushSize(page), { timeout: 5_000 }).toBe(21);
  const before = await documentState(page);
  expect(before.undo).toBe(3);

  await page.close({ runBeforeUnload: false }); // no goodbye: as a crash or a killed tab
  const again = await context.newPage();
  const ed2 = new EditorPage(again);
  await ed2.goto();
  const restore = again.getByRole('button', { name: /^Restore truth\.png, edited at .+, 2 steps$/ });
  await expect(restore).toBeVisible();
  await restore.click();
  await expect.poll(async () => (await ed2.facts()).name, { timeout: 60_000 }).toBe('truth.png');
  await expect(again.getByRole('status').filter({ hasText: 'Restored truth.png' })).toBeVisible({ timeout: 60_000 });
  const after = await documentState(again);
  expect([after.pixels, after.mask]).toEqual([before.pixels, before.mask]); // the same pixels, the same mask
  expect(after.undo).toBe(2); // the removal, the rectangle
  expect((await ed2.facts()).brushSize).toBe(21);

  // Editing continues: Remove the restored rectangle; undo twice goes back to the first result.
  await ed2.remove(3);
  await again.keyboard.press('Control+z');
  expect((await documentState(again)).pixels).toBe(before.pixels);
});

test('opening another image keeps the first restorable; Discard forgets it', async ({ page, ed }) => {
  test.setTimeout(120_000);
  await ed.open(`${DEV}holes/chelsea/truth.png`);
  await page.keyboard.press('r');
  await ed.drag([await ed.toPage(20, 20), await ed.toPage(80, 60)]);
  await expect(page.getByLabel('Autosave')).toContainText('Saved in this browser');
  const first = await documentState(page);

  await ed.open(`${DEV}sr/rocket/lr.png`);
  await expect(page.getByRole('status').filter({ hasText: '“truth.png” is kept.' })).toBeVisible();
  const recent = page.getByRole('region', { name: 'Recent documents' });
  await recent.getByRole('button', { name: /^Restore truth\.png, edited at .+, 1 step$/ }).click();
  await expect.poll(async () => (await ed.facts()).name, { timeout: 60_000 }).toBe('truth.png');
  await expect.poll(async () => (await documentState(page)).mask).toBe(first.mask);

  // lr.png had no edit, so there is nothing of it to restore; truth.png is the open one.
  await expect(page.getByRole('region', { name: 'Recent documents' })).toHaveCount(0);
  await page.reload();
  await ed.goto();
  const list = page.getByRole('list', { name: 'Recent documents' });
  await expect(list.getByRole('button', { name: /^Restore truth\.png/ })).toBeVisible();
  await list.getByRole('button', { name: /^Discard truth\.png/ }).click();
  await expect(list).toHaveCount(0);
  await page.reload();
  await ed.goto();
  await expect(page.getByRole('button', { name: /^Restore / })).toHaveCount(0);
});

test('when the browser refuses to store anything, the edit stands and the editor says it is not saved', async ({ page, ed, context }) => {
  // A full disk: the browser grants this site one byte of storage.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin, quotaSize: 1 });
  await ed.open(`${DEV}holes/chelsea/truth.png`);
  await ed.drag([await ed.toPage(60, 60), await ed.toPage(120, 70)]);
  expect((await ed.facts()).undo).toBe(1); // the stroke is there
  await expect(page.getByRole('status').filter({ hasText: 'Your work is not being saved in this browser.' })).toContainText(
    'Your edits are done and stay in this tab',
  );
  await expect(page.getByLabel('Autosave')).toHaveText('Not saved in this browser');
  await ed.remove(2); // and operations still run
});
