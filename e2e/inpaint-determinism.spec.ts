// The built-in inpainting engine gives the same bytes in a browser Web Worker as in Node
// for the same seed (design.md section 4: same manifest and engines => identical result).
import { expect, test } from '@playwright/test';
import { fingerprint } from '../bench/browser/fingerprint.ts';
import { runPatchMatchOnPage } from '../bench/browser/run-in-chromium.ts';
import { inpaint } from '../src/ops/inpaint/index.ts';
import { findLines } from '../src/ops/inpaint/lines.ts';
import { patchMatchFill } from '../src/ops/inpaint/patchmatch.ts';
import { rectMask, texturedImage } from '../src/test-fixtures/test-images.ts';

test('PatchMatch fills byte-identically in a Chromium worker and in Node', async ({ page }) => {
  const img = texturedImage(96, 80);
  const hole = rectMask(96, 80, [30, 20, 60, 50]);
  const node = await patchMatchFill(img, hole, { seed: 42 });
  const browser = await runPatchMatchOnPage(page, 96, 80, img.data, hole.data, 1, 42);
  expect(browser.fingerprint).toBe(fingerprint(node.data));
  // and the fill really changed the hole (a no-op would also be "identical")
  expect(fingerprint(node.data)).not.toBe(fingerprint(img.data));
});

test('a band continued through a large hole comes out byte-identical in a Chromium worker and in Node', async ({ page }) => {
  // a 12 px dark band at 10 degrees across paper, and a 160x120 hole over it
  const w = 480,
    h = 360;
  const data = new Uint8ClampedArray(w * h * 4);
  const nx = -Math.sin(0.17),
    ny = Math.cos(0.17);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const d = Math.abs((x + 0.5 - w / 2) * nx + (y + 0.5 - h / 2) * ny);
      const ink = Math.max(0, Math.min(1, 6.5 - d));
      data.set([250 - 220 * ink, 248 - 208 * ink, 240 - 150 * ink, 255], (y * w + x) * 4);
    }
  const hole = rectMask(w, h, [160, 120, 320, 240]);
  for (let i = 0; i < hole.data.length; i++) if (hole.data[i]) data.set([255, 255, 255, 255], i * 4);
  const img = { width: w, height: h, data };
  expect(findLines(img, hole)).toHaveLength(1); // the line is found, so the worker draws it too
  const node = await inpaint(img, hole, { seed: 5 });
  const browser = await runPatchMatchOnPage(page, w, h, data, hole.data, 1, 5, 'inpaint-worker.ts');
  expect(browser.fingerprint).toBe(fingerprint(node.image.data));
  // the band's centre inside the hole is dark in the shared result
  const centre = ((h / 2) * w + w / 2) * 4;
  expect(node.image.data[centre]).toBeLessThan(80);
});

test('a stroke over structured surroundings is carried across byte-identically in a Chromium worker and in Node', async ({ page }) => {
  // fine slanted stripes (a seam, a strap, a flag's stripes) and a 12 px stroke across them
  const w = 200,
    h = 120;
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) data.set(Math.floor((x + 0.6 * y) / 5) % 2 ? [220, 140, 60, 255] : [60, 40, 150, 255], (y * w + x) * 4);
  const hole = rectMask(w, h, [20, 54, 180, 66]);
  for (let i = 0; i < hole.data.length; i++) if (hole.data[i]) data.set([255, 255, 255, 255], i * 4);
  const img = { width: w, height: h, data };
  const node = await inpaint(img, hole, { seed: 3 });
  expect(node.runs.map((r) => r.engine)).toEqual(['transport']);
  const browser = await runPatchMatchOnPage(page, w, h, data, hole.data, 1, 3, 'inpaint-worker.ts');
  expect(browser.fingerprint).toBe(fingerprint(node.image.data));
  expect(fingerprint(node.image.data)).not.toBe(fingerprint(data));
});
