// The top and bottom bars on the windows people use. With every label the top bar is about
// 1320 px wide, and on a 1280 px laptop Export (the button that delivers the work) lay past
// the window's edge while undo and redo were squeezed to 20 px; at the bottom, the line saying
// where the last operation ran pushed the autosave state out of the window. Every control
// must be whole, unsqueezed, on screen and clear of the others (on a phone the brush slider
// lay over undo), and the autosave state readable. Below 900 px the side panel has no column
// of its own: it opens over the photo from the toolbar.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test.ts';
import { DEV, type EditorPage } from './fixtures/editor-page.ts';

interface Control {
  name: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  label: boolean;
}

/**
 * The toolbar's controls shown at this width (buttons, links, the brush slider and its value):
 * their accessible names (or text), where they are, and whether their label text shows.
 */
function toolbarControls(page: Page): Promise<Control[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.toolbar button, .toolbar a, .toolbar input, .toolbar output')]
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => {
        const r = el.getBoundingClientRect();
        const label = el.querySelector('.btn-label');
        return {
          name: el.getAttribute('aria-label') ?? el.textContent ?? '',
          left: r.left,
          right: r.right,
          top: r.top,
          bottom: r.bottom,
          width: r.width,
          label: !!label && (label as HTMLElement).offsetWidth > 0,
        };
      }),
  );
}

/** Whether two controls' boxes share more than a hairline. */
const overlap = (a: Control, b: Control) =>
  Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;

/** Whether the whole photo lies inside the stage on screen. */
async function wholePhotoShown(ed: EditorPage): Promise<boolean> {
  const [stage, f] = [await ed.stageBox(), await ed.facts()];
  return f.x >= 0 && f.y >= 0 && f.x + f.width * f.scale <= stage.width && f.y + f.height * f.scale <= stage.height;
}

for (const width of [390, 820, 1024, 1280, 1440]) {
  test(`a ${width} px window shows every toolbar control whole and on screen`, async ({ page, ed }) => {
    await ed.open(`${DEV}text/chelsea/texted.png`);
    await page.setViewportSize({ width, height: 800 });
    const controls = await toolbarControls(page);
    const names = ['Open image', 'Undo', 'Redo', 'Compare', 'Review queue', 'Export'];
    expect(controls.map((c) => c.name)).toEqual(expect.arrayContaining(width <= 900 ? [...names, 'Operations'] : names));
    for (const c of controls) {
      expect(c.left, c.name).toBeGreaterThanOrEqual(0);
      expect(c.right, c.name).toBeLessThanOrEqual(width);
      expect(c.width, c.name).toBeGreaterThanOrEqual(32);
    }
    for (const [i, a] of controls.entries())
      for (const b of controls.slice(i + 1)) expect(overlap(a, b), `${a.name} overlaps ${b.name}`).toBe(false);
    // Export always says what it does; the others show their labels where they fit.
    expect(controls.find((c) => c.name === 'Export')!.label).toBe(true);
    expect(controls.find((c) => c.name === 'Open image')!.label).toBe(width >= 1440);
    // A control shown as its icon alone still says what it is, and works.
    await expect(page.getByRole('button', { name: 'Open image' })).toHaveAttribute('title', /Open image/);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'Export' })).toBeVisible();
  });
}

test('on a 1024 px window the autosave state stays on screen beside where the last operation ran', async ({ page, ed }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1024, height: 700 });
  await ed.open(`${DEV}text/chelsea/texted.png`);
  // A first Remove text: its line gives the setup's times apart from the work, the longest one.
  await page.getByRole('button', { name: 'Remove text' }).click();
  await expect.poll(async () => (await ed.facts()).undo, { timeout: 100_000 }).toBe(1);
  const saved = page.getByLabel('Autosave');
  await expect(saved).toContainText('Saved in this browser');
  const lastRan = page.getByLabel('Last operation ran');
  await expect(lastRan).toBeVisible();
  for (const item of [saved, lastRan]) expect((await item.boundingBox())!.x + (await item.boundingBox())!.width).toBeLessThanOrEqual(1024);
  // The tool hint gives way whole rather than show a stub of itself.
  await expect(page.locator('.statusbar .hint')).toBeHidden();
  // The last-run line may end in an ellipsis here: its tooltip holds it whole.
  expect(await lastRan.getAttribute('title')).toBe(await lastRan.textContent());
});

test('on an 820 px tablet window the operations panel opens over the photo, runs Remove text and closes with Escape', async ({
  page,
  ed,
}) => {
  test.setTimeout(120_000);
  await ed.open(`${DEV}text/chelsea/texted.png`);
  // The tablet turned upright: the photo, fitted before, is fitted again, not cut off.
  await page.setViewportSize({ width: 820, height: 1180 });
  await expect.poll(async () => wholePhotoShown(ed)).toBe(true);
  const panel = page.getByRole('complementary', { name: 'Properties' });
  const toggle = page.getByRole('button', { name: 'Operations' });
  await expect(panel).toBeHidden();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(panel).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const box = (await panel.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(820);
  await panel.getByRole('button', { name: 'Remove text' }).click();
  await expect.poll(async () => (await ed.facts()).undo, { timeout: 100_000 }).toBe(1);
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  // Where the panel has its own column, it is always there and the toggle is not.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(panel).toBeVisible();
  await expect(toggle).toBeHidden();
});

test('on a tablet, Escape closes the panel over a box review and leaves the review; a second Escape discards it', async ({ page, ed }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 820, height: 1180 });
  await ed.open(`${DEV}text/chelsea/texted.png`);
  await page.getByRole('button', { name: 'Operations' }).click();
  const panel = page.getByRole('complementary', { name: 'Properties' });
  await panel.getByRole('button', { name: 'Detect text' }).click();
  const review = page.getByRole('group', { name: 'Box review' });
  await expect(review).toBeVisible({ timeout: 100_000 });
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  expect(await page.evaluate(() => window.__cleanplate!.store.getState().review?.boxes.length ?? 0)).toBeGreaterThan(0);
  await page.keyboard.press('Escape');
  await expect.poll(() => page.evaluate(() => window.__cleanplate!.store.getState().review)).toBeNull();
});
