// The built-in inpainting engine gives the same bytes in a browser Web Worker as in Node
// for the same seed (design.md section 4: same manifest and engines => identical result).
import { expect, test } from '@playwright/test';
import { fingerprint } from '../bench/browser/fingerprint.ts';
import { runPatchMatchOnPage } from '../bench/browser/run-in-chromium.ts';
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
