// Brushing in real Chromium: strokes land on the image pixel under the pointer at any zoom,
// one undo step per stroke, tools and view controls by mouse and keyboard.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test.ts';
import sharp from 'sharp';
import type { EditorPage } from './fixtures/editor-page.ts';
import { coordinateImage } from './fixtures/images.ts';

/** Which image pixel the screen shows at a page point (the coordinate image: R = x, G = y). */
async function shownPixel(ed: EditorPage, px: number, py: number): Promise<[number, number]> {
  const [r, g, b] = await ed.screenPixel(px, py);
  expect(b).toBe(255);
  return [r, g];
}

async function hideMask(page: Page, hidden: boolean) {
  const box = page.getByRole('checkbox', { name: /Show mask/ });
  if ((await box.isChecked()) === hidden) await box.click();
}

test('a dab lands on the image pixel shown under the pointer, at two zoom levels', async ({ page, ed }) => {
  await ed.open(await coordinateImage(240, 160));
  await ed.setBrushSize(3);
  const box = await ed.stageBox();

  // Fit-to-screen zoom, then zoomed in with the wheel about another point.
  const cases: Array<{ at: [number, number]; zoom?: [number, number] }> = [
    { at: [box.x + box.width * 0.31, box.y + box.height * 0.42] },
    { at: [box.x + box.width * 0.63, box.y + box.height * 0.55], zoom: [box.x + box.width * 0.6, box.y + box.height * 0.5] },
  ];
  for (const c of cases) {
    if (c.zoom) {
      await hideMask(page, true);
      const anchored = await shownPixel(ed, ...c.zoom);
      await page.mouse.move(...c.zoom);
      const before = (await ed.facts()).scale;
      await page.mouse.wheel(0, -300);
      await expect.poll(async () => (await ed.facts()).scale).toBeGreaterThan(before * 1.5);
      // Zoom is anchored: the same image pixel is still under the pointer.
      expect(await shownPixel(ed, ...c.zoom)).toEqual(anchored);
    }
    await hideMask(page, true);
    const [x, y] = await shownPixel(ed, ...c.at);
    await hideMask(page, false);
    const painted = (await ed.facts()).painted;
    await ed.drag([c.at]);
    expect(await ed.maskAt([[x, y]])).toEqual([255]);
    // Width 3: nothing three or more pixels away.
    expect(
      await ed.maskAt([
        [x + 3, y],
        [x - 3, y],
        [x, y + 3],
        [x, y - 3],
      ]),
    ).toEqual([0, 0, 0, 0]);
    const added = (await ed.facts()).painted - painted;
    expect(added).toBeGreaterThanOrEqual(5);
    expect(added).toBeLessThanOrEqual(9);
  }
  await expect(page.getByLabel('Zoom level')).toHaveText(`${Math.round((await ed.facts()).scale * 100)}%`);
});

test('undo and redo step one stroke at a time, by keyboard and by button; clear mask is undoable', async ({ page, ed }) => {
  await ed.open(await coordinateImage(200, 150));
  const b = await ed.stageBox();
  const stroke = (dy: number) =>
    ed.drag([
      [b.x + 200, b.y + 200 + dy],
      [b.x + 400, b.y + 260 + dy],
      [b.x + 500, b.y + 200 + dy],
    ]);
  await stroke(0);
  const one = (await ed.facts()).painted;
  await stroke(150);
  const two = (await ed.facts()).painted;
  expect(two).toBeGreaterThan(one);
  expect((await ed.facts()).undo).toBe(2);

  await page.keyboard.press('Control+z');
  expect(await ed.facts()).toMatchObject({ painted: one, undo: 1, redo: 1 });
  await page.getByRole('button', { name: 'Undo' }).click();
  expect(await ed.facts()).toMatchObject({ painted: 0, undo: 0, redo: 2 });
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
  await page.keyboard.press('Control+Shift+Z');
  expect((await ed.facts()).painted).toBe(one);
  await page.getByRole('button', { name: 'Redo' }).click();
  expect((await ed.facts()).painted).toBe(two);
  await expect(page.getByRole('button', { name: 'Redo' })).toBeDisabled();
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+y');
  expect((await ed.facts()).painted).toBe(two);

  await page.getByRole('button', { name: 'Clear mask' }).click();
  expect((await ed.facts()).painted).toBe(0);
  await page.keyboard.press('Control+z');
  expect((await ed.facts()).painted).toBe(two);
});

test('tools by shortcut and button: eraser, rectangle, pan with space and middle button', async ({ page, ed }) => {
  await ed.open(await coordinateImage(200, 150));
  const b = await ed.stageBox();
  for (const [key, tool] of [
    ['e', 'eraser'],
    ['r', 'rectangle'],
    ['h', 'pan'],
    ['b', 'brush'],
  ]) {
    await page.keyboard.press(key);
    expect((await ed.facts()).tool).toBe(tool);
  }
  await page.getByRole('button', { name: 'Rectangle' }).click();
  await expect(page.getByRole('button', { name: 'Rectangle' })).toHaveAttribute('aria-pressed', 'true');
  const [x0, y0] = await ed.toPage(20, 30);
  const [x1, y1] = await ed.toPage(60, 50);
  await ed.drag([
    [x0, y0],
    [x1, y1],
  ]);
  expect((await ed.facts()).painted).toBe(40 * 20);

  await page.getByRole('button', { name: 'Eraser' }).click();
  await ed.setBrushSize(4);
  const [ex, ey] = await ed.toPage(40, 40);
  await ed.drag([[ex, ey]]);
  expect(
    await ed.maskAt([
      [40, 40],
      [39, 39],
      [30, 35],
    ]),
  ).toEqual([0, 0, 255]);

  await page.keyboard.press(']');
  expect((await ed.facts()).brushSize).toBe(5);
  await page.keyboard.press('[');
  expect((await ed.facts()).brushSize).toBe(4);

  // Space + drag pans without painting; so does the middle button.
  const { x, y, painted } = await ed.facts();
  await page.mouse.move(b.x + 300, b.y + 300);
  await page.keyboard.down(' ');
  await ed.drag([
    [b.x + 300, b.y + 300],
    [b.x + 340, b.y + 320],
  ]);
  await page.keyboard.up(' ');
  let f = await ed.facts();
  expect([f.x - x, f.y - y, f.painted]).toEqual([40, 20, painted]);
  await page.mouse.move(b.x + 300, b.y + 300);
  await page.mouse.down({ button: 'middle' });
  await page.mouse.move(b.x + 290, b.y + 330, { steps: 3 });
  await page.mouse.up({ button: 'middle' });
  f = await ed.facts();
  expect([f.x - x, f.y - y, f.painted]).toEqual([30, 50, painted]);
  // Linux pastes the primary selection on a middle release: that is no user paste to answer.
  const titles = await page.evaluate(() => window.__cleanplate!.store.getState().notices.map((n) => n.title));
  expect(titles).not.toContain('The clipboard holds no image.');

  // 100% and fit.
  await page.getByRole('button', { name: 'Actual size (100%)' }).click();
  await expect(page.getByLabel('Zoom level')).toHaveText('100%');
  await page.keyboard.press('0');
  expect((await ed.facts()).scale).toBeGreaterThan(3);
});

/** One screen row as RGB bytes. */
async function row(page: Page, x0: number, y: number, width: number): Promise<Buffer> {
  const png = await page.screenshot({ clip: { x: x0, y, width, height: 1 } });
  return sharp(png).removeAlpha().raw().toBuffer();
}

/** Width of what the cursor draws on the row through its centre: the screen with it minus without it. */
async function cursorWidth(page: Page, cx: number, cy: number, reach: number, away: [number, number]): Promise<number> {
  const x0 = Math.max(0, Math.round(cx - reach)),
    y = Math.round(cy),
    w = Math.round(2 * reach);
  const withCursor = await row(page, x0, y, w);
  await page.mouse.move(...away);
  const without = await row(page, x0, y, w);
  const changed: number[] = [];
  for (let x = 0; x < w; x++) if ([0, 1, 2].some((c) => Math.abs(withCursor[3 * x + c] - without[3 * x + c]) > 24)) changed.push(x);
  return changed.length ? changed[changed.length - 1] - changed[0] + 1 : 0;
}

test('the brush cursor is drawn at the true brush size at any zoom; mask opacity and visibility show', async ({ page, ed }) => {
  await ed.open(await coordinateImage(240, 160)); // no white pixels: blue channel 255, red/green vary
  await ed.setBrushSize(36);
  const box = await ed.stageBox();
  const at: [number, number] = [box.x + box.width / 2, box.y + box.height / 2];
  const fitScale = (await ed.facts()).scale;
  for (const zoom of ['fit', 'in']) {
    if (zoom === 'in') {
      await page.mouse.move(...at);
      await page.mouse.wheel(0, -200);
      await expect.poll(async () => (await ed.facts()).scale).toBeGreaterThan(fitScale);
    }
    await page.mouse.move(at[0], at[1]);
    // The ring's outer edge: brush diameter plus its 3 px dark outline (1.5 px each side), at the
    // zoom the view has settled on (waited for, not slept on: the ring is redrawn on the next frame).
    await expect
      .poll(async () => {
        const radius = 18 * (await ed.facts()).scale;
        const drawn = await cursorWidth(page, at[0], at[1], radius + 20, [box.x + 5, box.y + 5]);
        return Math.abs(drawn - (2 * radius + 3));
      })
      .toBeLessThanOrEqual(2.5);
  }

  // Paint, then compare what the screen shows at 0%, 100% and hidden.
  await ed.drag([at]);
  await page.mouse.move(box.x + 5, box.y + 5); // move the cursor ring away
  const p: [number, number] = [at[0] + 3, at[1] + 3];
  const opacity = page.getByRole('slider', { name: 'Mask opacity' });
  await opacity.fill('0');
  const plain = await ed.screenPixel(...p);
  await opacity.fill('100');
  const full = await ed.screenPixel(...p);
  expect(full).not.toEqual(plain);
  expect(full[0]).toBe(255); // the overlay colour, fully opaque
  await page.getByRole('checkbox', { name: /Show mask/ }).click();
  expect(await ed.screenPixel(...p)).toEqual(plain);
});
