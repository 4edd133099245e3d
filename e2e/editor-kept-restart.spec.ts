// A fresh pipeline worker (after a crash, or the idle stop that gives back its memory) finds the
// document's pixels again on disk: the worker that made a result also wrote it to the Origin
// Private File System, so a job on that result after the restart needs no copy from the page
// (a bitmap copy of a 24 MP image is a 100-500 ms main-thread task) and works on the exact
// pixels. Files of earlier page loads are cleared, so they never pile up. Where the disk
// refuses, the page hands the pixels over instead.
import type { Page } from '@playwright/test';
import { diffFromSnapshot, snapshotDocument } from './fixtures/document-diff.ts';
import { DEV, EditorPage } from './fixtures/editor-page.ts';
import { countPagePixelWork, pagePixelWork, resetPagePixelWork } from './fixtures/page-pixels.ts';
import { expect, test } from './fixtures/test.ts';
import { blockWorkerStorage } from './fixtures/worker-storage.ts';

const PHOTO = `${DEV}holes/chelsea/image.png`; // 451 x 300

test.beforeEach(({ page }) => countPagePixelWork(page));

/** The kept-pixels files on disk, as "<page load>/<file>". */
const stashedFiles = (page: Page) =>
  page.evaluate(async () => {
    type Dir = FileSystemDirectoryHandle & { entries(): AsyncIterable<[string, FileSystemHandle]>; keys(): AsyncIterable<string> };
    const root = (await navigator.storage.getDirectory()) as Dir;
    const folder = (await root.getDirectoryHandle('kept-pixels').catch(() => null)) as Dir | null;
    const files: string[] = [];
    if (!folder) return files;
    for await (const [load, dir] of folder.entries()) for await (const name of (dir as Dir).keys()) files.push(`${load}/${name}`);
    return files.sort();
  });

const documentId = (page: Page) => page.evaluate(() => window.__cleanplate!.store.getState().doc!.image.pixelsId ?? null);
const undoSteps = (page: Page) => page.evaluate(() => window.__cleanplate!.store.getState().history.done.length);

/** Opens the photo and removes a stroke; the result's id (only the worker that made it holds it in memory). */
async function removeOnce(ed: EditorPage): Promise<string> {
  await ed.open(PHOTO);
  await ed.setBrushSize(16);
  await ed.drag([await ed.toPage(300, 200), await ed.toPage(340, 210)]);
  await ed.page.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect.poll(() => undoSteps(ed.page), { timeout: 120_000 }).toBe(2);
  const id = (await documentId(ed.page))!;
  expect(id).toMatch(/^w-/);
  return id;
}

/** Opens the photo, removes a stroke, and waits until the result's file is on disk; its id. */
async function removeAndStash(ed: EditorPage): Promise<string> {
  const id = await removeOnce(ed);
  await expect.poll(() => stashedFiles(ed.page)).toContainEqual(expect.stringMatching(new RegExp(`/${id}\\.rgba$`)));
  return id;
}

/**
 * Remove on the result in a worker that dies at the job's start, then Retry in a fresh one;
 * page-side pixel work is counted from the Retry on. Afterwards the fill must have worked on
 * the exact result: far from the new stroke nothing changed, under it the fill did.
 */
async function crashThenRetryRemove(ed: EditorPage): Promise<void> {
  const { page } = ed;
  await ed.drag([await ed.toPage(80, 80), await ed.toPage(120, 90)]);
  await snapshotDocument(page, 'result'); // the result's pixels, and the new stroke as mask
  await page.evaluate(() => window.__cleanplate!.crashWorkerForTest());
  await page.getByRole('button', { name: 'Remove', exact: true }).click();
  await resetPagePixelWork(page);
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect.poll(() => undoSteps(page), { timeout: 120_000 }).toBe(4);
  await expect(ed.errors()).toHaveCount(0);
  const diff = await diffFromSnapshot(page, 'result', 32);
  expect(diff.changedFar).toBe(0);
  expect(diff.changedInMask).toBeGreaterThan(0);
}

test('after a worker crash, Retry on a result reads its pixels back from disk: no copy on the page, pixels exact', async ({ page, ed }) => {
  test.setTimeout(180_000);
  await removeAndStash(ed);
  await crashThenRetryRemove(ed);
  // The fresh worker read the result from disk: the page made no bitmap (no handover copy).
  expect(await pagePixelWork(page)).toEqual({ bitmaps: 0, reads: 0 });
});

test('where the disk stash fails (no OPFS in the worker), Retry after a crash hands the result over from the page: pixels exact', async ({
  page,
  ed,
}) => {
  test.setTimeout(180_000);
  await blockWorkerStorage(page);
  await ed.goto();
  await removeOnce(ed);
  await page.evaluate(() => (window as any).__storageRefused); // the worker asked for the disk and was refused
  expect(await stashedFiles(page)).toEqual([]);
  await crashThenRetryRemove(ed);
  // Nothing on disk to read back: the page handed the shown result over (a bitmap copy).
  expect((await pagePixelWork(page))?.bitmaps).toBeGreaterThan(0);
});

test("files on disk from an earlier page load are cleared by the next load's first job; another open tab keeps its own", async ({
  page,
  ed,
}) => {
  test.setTimeout(180_000);
  const first = await removeAndStash(ed);
  const other = new EditorPage(await page.context().newPage()); // a second tab, open throughout
  await other.goto();
  const otherId = await removeAndStash(other);
  expect(await stashedFiles(page)).toHaveLength(2); // the first tab is still open: its file stays

  await ed.goto(); // the first tab loads the page again: its earlier load is gone
  const second = await removeAndStash(ed);
  const files = await stashedFiles(page);
  expect(files).toHaveLength(2);
  expect(files.some((f) => f.endsWith(`/${first}.rgba`))).toBe(false);
  expect(files.some((f) => f.endsWith(`/${second}.rgba`))).toBe(true);
  expect(files.some((f) => f.endsWith(`/${otherId}.rgba`))).toBe(true);
});
