// The history holds its full-size frames within a memory budget: past it, the frames farthest
// from the one shown drop their bitmaps, and undo/redo rebuilds them in the worker (its memory,
// its stash on disk, or a neighbour plus the crops of what each removal changed), showing
// progress. Undoing every removal gives the opened photo back byte for byte, and redoing them
// gives each result again; where the worker has no disk (no OPFS) and lost its memory, the
// history is still complete and a notice says how it is kept.
import type { Page } from '@playwright/test';
import { DEV, EditorPage } from './fixtures/editor-page.ts';
import { countPagePixelWork, pagePixelWork, resetPagePixelWork } from './fixtures/page-pixels.ts';
import { expect, test } from './fixtures/test.ts';
import { blockWorkerStorage } from './fixtures/worker-storage.ts';

const PHOTO = `${DEV}holes/chelsea/image.png`; // 451 x 300
/**
 * Where each removal's stroke goes (image pixels): apart, and two overlapping; none inside the
 * photo's white hole (x 197-270, y 98-169), where a fill changes nothing.
 */
const STROKES: Array<[number, number]> = [
  [40, 40],
  [300, 60],
  [120, 200],
  [360, 230],
  [135, 210],
  [200, 40],
];

/** SHA-256 of the shown image's RGBA (drawn on a canvas: exact for this opaque photo); throws if its bitmap was dropped. */
const shownHash = (page: Page) =>
  page.evaluate(async () => {
    const img = window.__cleanplate!.store.getState().doc!.image;
    if (img.released) throw new Error('the image shown has no bitmap');
    const c = new OffscreenCanvas(img.width, img.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img.source, 0, 0);
    const digest = await crypto.subtle.digest('SHA-256', ctx.getImageData(0, 0, img.width, img.height).data);
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  });

/** How many of the history's frames hold no bitmap now. */
const droppedFrames = (page: Page) =>
  page.evaluate(() => {
    const { done, undone } = window.__cleanplate!.store.getState().history;
    const frames = new Set([...done, ...undone].flatMap((e) => (e.kind === 'replace-pixels' ? [e.before, e.after] : [])));
    return [...frames].filter((f) => f.released).length;
  });

/** Keeps every job label the page shows (window.__jobLabels). */
const recordJobLabels = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __jobLabels: string[] };
    w.__jobLabels = [];
    window.__cleanplate!.store.subscribe((s) => {
      if (s.job && w.__jobLabels.at(-1) !== s.job.label) w.__jobLabels.push(s.job.label);
    });
  });
const jobLabels = (page: Page) => page.evaluate(() => (window as unknown as { __jobLabels: string[] }).__jobLabels);

/** Sets the history's budget to `frames` frames of the open image. */
const budgetFrames = (page: Page, frames: number) =>
  page.evaluate((n) => {
    const s = window.__cleanplate!.store.getState();
    s.setHistoryBudget(Math.round(n * s.doc!.image.width * s.doc!.image.height * 4));
  }, frames);

/** Opens the photo and runs the removals; the hashes of the photo and of each result. */
async function removeAll(ed: EditorPage, count: number): Promise<string[]> {
  await ed.open(PHOTO);
  await ed.setBrushSize(14);
  await budgetFrames(ed.page, 2.5);
  const hashes = [await shownHash(ed.page)];
  for (const [i, [x, y]] of STROKES.slice(0, count).entries()) {
    await ed.drag([await ed.toPage(x, y), await ed.toPage(x + 30, y + 8)]);
    await ed.remove(2 * (i + 1));
    hashes.push(await shownHash(ed.page));
  }
  expect(new Set(hashes).size).toBe(count + 1); // every removal changed the photo
  return hashes;
}

/**
 * Presses `key` until the history holds `to` done steps, checking the image after each press;
 * `perRemoval` steps make one removal (a stroke and its result; 1 once restored).
 */
async function walk(ed: EditorPage, key: string, hashes: string[], from: number, to: number, perRemoval = 2): Promise<void> {
  const dir = to < from ? -1 : 1;
  for (let steps = from + dir; dir < 0 ? steps >= to : steps <= to; steps += dir) {
    await ed.page.keyboard.press(key);
    await expect.poll(() => ed.facts(), { timeout: 60_000 }).toMatchObject({ undo: steps });
    await expect.poll(() => ed.page.evaluate(() => window.__cleanplate!.store.getState().rebuilding)).toBe(false);
    expect(await shownHash(ed.page), `image after ${steps} steps`).toBe(hashes[Math.floor(steps / perRemoval)]);
  }
}

test('six removals over a two-and-a-half-frame budget: undo all gives the photo back, redo all each result, byte for byte', async ({
  page,
  ed,
}) => {
  test.setTimeout(240_000);
  const hashes = await removeAll(ed, 6);
  // Seven frames, two and a half held: the oldest results lost their bitmaps.
  expect(await droppedFrames(page)).toBeGreaterThanOrEqual(4);
  await recordJobLabels(page);
  // Undo brings back the frame before the one it shows ahead of time (Compare shows it), so
  // stepping back one press at a time mostly finds it held already.
  await walk(ed, 'Control+z', hashes, 12, 0);
  // Redo does not look ahead: a dropped frame is rebuilt as a job, with progress.
  await walk(ed, 'Control+Shift+z', hashes, 0, 12);
  expect(await jobLabels(page)).toContain('Redo: rebuilding the image');
  expect(await droppedFrames(page)).toBeGreaterThanOrEqual(4); // held within the budget again
  await expect(ed.errors()).toHaveCount(0);
});

test('undo and redo pressed fast while frames are rebuilt: every press is one step, in order', async ({ page, ed }) => {
  test.setTimeout(240_000);
  const hashes = await removeAll(ed, 4);
  expect(await droppedFrames(page)).toBeGreaterThanOrEqual(2);
  await recordJobLabels(page);
  const pressFast = async (key: string, times: number) => {
    for (let i = 0; i < times; i++) await page.keyboard.press(key); // no waiting for the step to land
  };
  /** Key presses faster than any hand: all in one task, so those after a rebuild starts always find it running. */
  const redoAtOnce = (times: number) =>
    page.evaluate((n) => {
      for (let i = 0; i < n; i++)
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, shiftKey: true, bubbles: true }));
    }, times);
  /** Waits until the history rests at `steps`: read at once, so a count passed on the way does not count. */
  const settled = (steps: number) =>
    expect
      .poll(
        () =>
          page.evaluate(() => {
            const s = window.__cleanplate!.store.getState();
            return { steps: s.history.done.length, rebuilding: s.rebuilding, job: s.job?.label ?? null };
          }),
        { timeout: 60_000 },
      )
      .toEqual({ steps, rebuilding: false, job: null });
  await pressFast('Control+z', 8);
  await settled(0);
  expect(await shownHash(page)).toBe(hashes[0]);
  // Redo does not rebuild ahead: the dropped frames are rebuilt as jobs, the presses after one wait behind it.
  await redoAtOnce(8);
  await settled(8);
  expect(await shownHash(page)).toBe(hashes[4]);
  expect((await jobLabels(page)).some((l) => /^Redo: rebuilding the image \(\d+ more steps? queued\)$/.test(l))).toBe(true);
  // Mixed, in the order pressed: three undos and a redo land two steps back (Redo is taken
  // though nothing is undone yet when it is pressed: it counts the undos on their way).
  await pressFast('Control+z', 3);
  await pressFast('Control+Shift+z', 1);
  await settled(6);
  expect(await shownHash(page)).toBe(hashes[3]);
  await expect(ed.errors()).toHaveCount(0);
});

test('no disk for the worker and its memory lost: undo rebuilds from the page and the crops, exact, and a notice says so', async ({
  page,
  ed,
}) => {
  test.setTimeout(240_000);
  await countPagePixelWork(page);
  await blockWorkerStorage(page);
  await ed.goto();
  const hashes = await removeAll(ed, 4);
  await expect(page.getByRole('status').filter({ hasText: 'Older steps are kept as their changes only.' })).toBeVisible();
  expect(await droppedFrames(page)).toBeGreaterThanOrEqual(2);
  // The worker dies at its next job (bringing back the frame Compare shows after the first
  // undo); the next one starts empty, with no disk to read from.
  await page.evaluate(() => window.__cleanplate!.crashWorkerForTest());
  await resetPagePixelWork(page);
  await walk(ed, 'Control+z', hashes, 8, 0);
  // Rebuilt from a frame the page held, handed over as a bitmap, plus crops.
  expect((await pagePixelWork(page))?.bitmaps).toBeGreaterThan(0);
  await walk(ed, 'Control+Shift+z', hashes, 0, 8);
});

test('a restored document holds only its last two images; undo all gives the photo back, byte for byte', async ({ page, ed, context }) => {
  test.setTimeout(240_000);
  const hashes = await removeAll(ed, 4);
  await expect(page.getByLabel('Autosave')).toContainText('Saved in this browser');
  await page.close({ runBeforeUnload: false }); // as a crash or a killed tab
  const again = new EditorPage(await context.newPage());
  await again.goto();
  await again.page.getByRole('button', { name: /^Restore image\.png, edited at .+, 4 steps$/ }).click();
  await expect(again.page.getByRole('status').filter({ hasText: 'Restored image.png' })).toBeVisible({ timeout: 60_000 });
  expect(await shownHash(again.page)).toBe(hashes[4]);
  // The replay sent the page the bitmaps of the last two results only (the one shown, the one Compare shows).
  expect(await droppedFrames(again.page)).toBe(2);
  await walk(again, 'Control+z', hashes, 4, 0, 1);
  await walk(again, 'Control+Shift+z', hashes, 0, 4, 1);
});
