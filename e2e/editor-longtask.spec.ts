// The UI thread stays responsive while a job runs on the 24 MP photo: no main-thread task over
// 50 ms from pressing Remove until the result is on screen. The page hands the worker the image
// by id (the opened file, decoded there) and gets back a bitmap made in the worker, so it never
// reads, copies or writes the 6000 x 4000 pixels itself.
import { DEV, documentPixels } from './fixtures/editor-page.ts';
import { expect, test } from './fixtures/test.ts';

declare global {
  interface Window {
    __longTasks?: { start: number; ms: number }[];
  }
}

test('24 MP photo: brush, Remove; no main-thread long task from the click until the result is shown', async ({ page, ed }, testInfo) => {
  test.setTimeout(300_000);
  await ed.open(`${DEV}large/motorcycle-24mp.jpg`); // decoding a 24 MP JPEG is itself a long task: before the window
  await ed.setBrushSize(60);
  const far: Array<[number, number]> = [
    [10, 10],
    [5990, 3990],
    [3000, 500],
  ];
  const original = await documentPixels(page, far);
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) =>
      window.__longTasks!.push(...list.getEntries().map((e) => ({ start: e.startTime, ms: Math.round(e.duration) }))),
    ).observe({ type: 'longtask' });
  });
  // Long tasks are wall time: on a shared, overloaded machine the OS can stall a short task past
  // 50 ms. Main-thread work that really blocks shows up in every round; a stall does not. So
  // the job runs up to three times (undo in between) and the test fails when every round had one.
  const rounds: { start: number; ms: number }[][] = [];
  for (let round = 0; round < 3; round++) {
    const y = 1200 + 400 * round;
    await ed.drag([await ed.toPage(2200, y), await ed.toPage(2500, y + 40)]);
    const steps = () => page.evaluate(() => window.__cleanplate!.store.getState().history.done.length);
    const undo = await steps(); // (ed.facts() counts the 24 MP mask: itself a long task)
    const from = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(steps, { timeout: 120_000 }).toBe(undo + 1);
    // Shown: two frames after the result became the document.
    const to = await page.evaluate(
      () => new Promise<number>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now())))),
    );
    await page.waitForTimeout(200); // let the observer deliver
    const tasks = await page.evaluate(() => window.__longTasks!);
    rounds.push(tasks.filter((t) => t.start + t.ms >= from && t.start <= to && t.ms > 50));
    await expect(ed.errors()).toHaveCount(0);
    expect(await ed.facts()).toMatchObject({ width: 6000, height: 4000, painted: 0 });
    expect(await documentPixels(page, far)).toEqual(original); // far from the mask: bit-identical
    if (rounds.at(-1)!.length === 0) break;
    await page.keyboard.press('Control+z'); // back to the photo (the worker still keeps it)
  }
  await page.screenshot({ path: testInfo.outputPath('after-remove-24mp.png') });
  expect(rounds.at(-1), `long tasks over 50 ms in each round: ${JSON.stringify(rounds)}`).toEqual([]);
});
