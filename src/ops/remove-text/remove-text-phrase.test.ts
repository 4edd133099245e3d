// "A box covers the phrase, not one word of it" (issue #11), at removal: when the first
// detection boxed only part of a phrase (storm-full's dark "Golden hour" was boxed only over
// the light cloud band), the check after the fill reads the rest beside the filled box, the
// box grows over it and it is filled too. Real photographs and the real detector after a
// replayed first detection; what the user checks: the phrase is unreadable, nothing is
// flagged, and nothing changed beyond the phrase's box + 8 px.
import { describe, expect, it } from 'vitest';
import type { Box, RgbaImage } from '../../core/types.ts';
import { createNodePort } from '../../runtime/ort-node.ts';
import { captionedPhoto, WALLPAPERS, type Caption } from '../../test-fixtures/captioned-photo.ts';
import { coveredFraction } from '../detect-text/coverage.ts';
import { detectText } from '../detect-text/detect.ts';
import { changedOutside, grownBox, TEXT_REACH, zoneMask } from './confine.ts';
import type { TextDetector } from './leftovers.ts';
import { removeText, removeTextWith } from './remove-text.ts';
import { textCase } from '../../../scripts/eval/wider/generate.ts';
import { VIEWS } from '../../../scripts/eval/wider/views.ts';
import { psnrWhere } from './test/psnr.ts';

const port = createNodePort();

/** The first detection replayed as `first`; every later call (the checks) is the real detector's. */
function firstThenReal(first: Box[]): TextDetector {
  let calls = 0;
  return async (img, options, ctx) =>
    calls++ === 0 ? first.map((box) => ({ box, score: 0.8 })) : (await detectText(img, options, ctx)).boxes;
}

/** Whether the real detector, looking at the whole photo, reads any text over `box`. */
async function readsTextOver(img: RgbaImage, box: Box): Promise<boolean> {
  const { boxes } = await detectText(img, {}, { port });
  return boxes.some((b) => coveredFraction(box, [b.box]) > 0.1);
}

/** Pixels within `tolerance` of `rgb` (every channel) inside `box`. */
function inkPixels(img: RgbaImage, box: Box, rgb: readonly number[], tolerance: number): number {
  let n = 0;
  for (let y = box[1]; y < box[3]; y++)
    for (let x = box[0]; x < box[2]; x++) {
      const i = (y * img.width + x) * 4;
      if ([0, 1, 2].every((c) => Math.abs(img.data[i + c] - rgb[c]) <= tolerance)) n++;
    }
  return n;
}

describe('removing a phrase the first detection boxed only in part (real detector)', () => {
  it('takes the second word too when dark text runs from the sky onto leaves and only the first word was boxed', async () => {
    const dark = [20, 20, 20];
    const caption: Caption = { text: 'Golden hour', x: 60, y: 130, size: 48, weight: 'bold', fill: '#141414' };
    const { texted, clean, boxes } = await captionedPhoto(WALLPAPERS.leaves, 960, 600, [caption]);
    const phrase = boxes[0];
    // The first word's ink box: what the first detection replayed here held.
    const [word] = (await captionedPhoto(WALLPAPERS.leaves, 960, 600, [{ ...caption, text: 'Golden' }])).boxes;
    expect(word[2]).toBeLessThan(phrase[2] - 100);
    expect(await readsTextOver(texted, phrase)).toBe(true);

    const r = await removeTextWith(firstThenReal([word]), texted, {}, { port });
    // The phrase is gone: nothing reads there, its dark ink is down to what the photo has
    // there (give or take 2% of it: the check's box for "hour" ends a few pixels short of
    // the r's tip over a dark leaf, a speck), and nothing is left to review.
    expect(await readsTextOver(r.image, phrase)).toBe(false);
    const ink = inkPixels(texted, phrase, dark, 12) - inkPixels(clean, phrase, dark, 12);
    expect(ink).toBeGreaterThan(2000);
    expect(inkPixels(r.image, phrase, dark, 12) - inkPixels(clean, phrase, dark, 12)).toBeLessThanOrEqual(0.02 * ink);
    expect(r.leftover).toEqual([]);
    expect(r.needsReview).toBe(false);
    // The box grew over the phrase, and no farther than its ink (+ the detector's margin)...
    expect(r.boxes).toHaveLength(1);
    expect(coveredFraction(phrase, [r.boxes[0].box])).toBeGreaterThan(0.95);
    expect(coveredFraction(r.boxes[0].box, [grownBox(phrase, 8)])).toBe(1);
    // ...and nothing beyond the phrase's box + 8 px changed.
    expect(changedOutside(texted, r.image, zoneMask(960, 600, [phrase], TEXT_REACH))).toBe(0);
    expect(r.changedOutside).toBe(0);
  });

  it('takes a whole caption whose first box held only its middle, word by word along its line', async () => {
    const caption: Caption = { text: 'Golden hour on the road', x: 160, y: 420, size: 40, weight: 'bold', stroke: '#000' };
    const { texted, boxes } = await captionedPhoto(WALLPAPERS.stream, 960, 600, [caption]);
    const [x0, y0, x1, y1] = boxes[0];
    const third = Math.round((x1 - x0) / 3);
    const middle: Box = [x0 + third, y0 + 6, x1 - third, y1 - 6];
    const r = await removeTextWith(firstThenReal([middle]), texted, {}, { port });
    expect(await readsTextOver(r.image, boxes[0])).toBe(false);
    expect(r.leftover).toEqual([]);
    expect(r.needsReview).toBe(false);
    expect(coveredFraction(boxes[0], [r.boxes[0].box])).toBeGreaterThan(0.95);
    expect(changedOutside(texted, r.image, zoneMask(960, 600, [grownBox(boxes[0], 8)], TEXT_REACH))).toBe(0);
    expect(changedOutside(texted, r.image, zoneMask(960, 600, [r.boxes[0].box], TEXT_REACH))).toBe(0);
  });

  it("fills a dark line whole when the check reads it again where its text pixels were taken (the wider set's storm-full)", async () => {
    // Dark grey "Golden hour" over a dark field and a light guard rail: the first box holds
    // the line's middle, the check reads the rest twice, and each time the pixel mask takes
    // only the letters over the rail (over the field their colours are the field's, give or
    // take 15 grey levels). Left so, the line stayed readable and was flagged.
    const k = VIEWS.findIndex((v) => v.name === 'storm-full');
    const photo = await textCase(VIEWS[k], k);
    const line = photo.boxes.find((b) => b.text === 'Golden hour')!.box;
    expect(await readsTextOver(photo.texted, line)).toBe(true);
    const r = await removeText(photo.texted, {}, { port });
    expect(await readsTextOver(r.image, line)).toBe(false);
    // The rail runs on through the line's box (filled from its long sides it was a flat
    // band: 21 dB against the clean photo there).
    expect(psnrWhere(r.image, photo.clean, zoneMask(960, 600, [line], 0))).toBeGreaterThan(30);
    expect(r.leftover).toEqual([]);
    expect(r.needsReview).toBe(false);
    expect(r.changedOutside).toBe(0);
    const boxes8 = zoneMask(
      960,
      600,
      photo.boxes.map((b) => grownBox(b.box, 8)),
      TEXT_REACH,
    );
    expect(changedOutside(photo.texted, r.image, boxes8)).toBe(0);
  });

  it('keeps a reviewed box as the person drew it: the rest of the line is flagged, not filled', async () => {
    const caption: Caption = { text: 'Golden hour on the road', x: 160, y: 420, size: 40, weight: 'bold', stroke: '#000' };
    const { texted, boxes } = await captionedPhoto(WALLPAPERS.stream, 960, 600, [caption]);
    const [x0, y0, x1, y1] = boxes[0];
    const third = Math.round((x1 - x0) / 3);
    const middle: Box = [x0 + third, y0 + 6, x1 - third, y1 - 6];
    const r = await removeTextWith(
      async (img, options, ctx) => (await detectText(img, options, ctx)).boxes,
      texted,
      { boxes: [middle] },
      { port },
    );
    expect(r.boxes.map((b) => b.box)).toEqual([middle]);
    expect(r.needsReview).toBe(true);
    // What is flagged is the caption's unfilled rest: on the caption, reaching past the reviewed box.
    expect(r.leftover.length).toBeGreaterThan(0);
    for (const { box } of r.leftover) {
      expect(coveredFraction(box, [grownBox(boxes[0], 8)])).toBe(1);
      expect(box[0] < middle[0] - 8 || box[2] > middle[2] + 8).toBe(true);
    }
    expect(changedOutside(texted, r.image, zoneMask(960, 600, [middle], TEXT_REACH))).toBe(0);
  });
});
