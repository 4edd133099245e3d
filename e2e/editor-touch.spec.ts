// Touch: two fingers pinch-zoom about their midpoint (real touch input through CDP).
import { expect, test } from './fixtures/test.ts';
import { coordinateImage } from './fixtures/images.ts';

test.use({ hasTouch: true });

test('pinching with two fingers zooms about their midpoint without painting', async ({ page, ed }) => {
  await ed.open(await coordinateImage(240, 160));
  const b = await ed.stageBox();
  const mid: [number, number] = [b.x + b.width * 0.4, b.y + b.height * 0.5];
  const before = await ed.facts();
  const imageAtMid = [(mid[0] - b.x - before.x) / before.scale, (mid[1] - b.y - before.y) / before.scale];

  const cdp = await page.context().newCDPSession(page);
  const fingers = (spread: number) => [
    { x: mid[0] - spread, y: mid[1], id: 1 },
    { x: mid[0] + spread, y: mid[1], id: 2 },
  ];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(40) });
  for (let s = 50; s <= 120; s += 10) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(s) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });

  const after = await ed.facts();
  expect(after.scale / before.scale).toBeGreaterThan(2.5); // fingers 80 px apart -> 240 px apart
  expect(after.painted).toBe(0);
  // The image point between the fingers stays between them.
  const imageAtMidAfter = [(mid[0] - b.x - after.x) / after.scale, (mid[1] - b.y - after.y) / after.scale];
  expect(Math.abs(imageAtMidAfter[0] - imageAtMid[0])).toBeLessThan(0.5);
  expect(Math.abs(imageAtMidAfter[1] - imageAtMid[1])).toBeLessThan(0.5);
});
