// The check after the fill, on the real detector: it must read what is left of a caption
// that the first detection boxed only in part (storm-full's "Golden hour": a crop hugging
// the box cut the line and read nothing), flag nothing on a clean removal, and flag the
// text a fill left readable.
import { describe, expect, it } from 'vitest';
import type { Box, RgbaImage } from '../../core/types.ts';
import { createNodePort } from '../../runtime/ort-node.ts';
import { captionedPhoto, WALLPAPERS, type Caption } from '../../test-fixtures/captioned-photo.ts';
import { coveredFraction } from '../detect-text/coverage.ts';
import { detectText } from '../detect-text/detect.ts';
import { checkCrops, continuesPhrase, findLeftovers, type TextDetector } from './leftovers.ts';
import { removeTextWith } from './remove-text.ts';

const CAPTION: Caption[] = [{ text: 'Golden hour on the road', x: 160, y: 420, size: 40, weight: 'bold', stroke: '#000' }];

describe('checkCrops', () => {
  it('gives each box three line heights of context along its line and two across, clipped to the area and joined', () => {
    expect(checkCrops([[100, 100, 300, 120]], [0, 0, 960, 600])).toEqual([[40, 60, 360, 160]]);
    expect(checkCrops([[100, 200, 300, 240]], [0, 0, 960, 600])).toEqual([[0, 120, 420, 320]]);
    // Two lines whose contexts meet are looked at in one crop; the area clips it.
    expect(
      checkCrops(
        [
          [10, 10, 200, 30],
          [10, 60, 200, 80],
        ],
        [0, 0, 400, 100],
      ),
    ).toEqual([[0, 0, 260, 100]]);
  });
});

describe('continuesPhrase', () => {
  const filled: Box = [100, 200, 240, 230];
  it('joins the next word on the line, touching or a word space away, and the line read again across a box cut to its middle', () => {
    expect(continuesPhrase(filled, [245, 199, 330, 231])).toBe(true);
    expect(continuesPhrase(filled, [230, 201, 330, 229])).toBe(true);
    expect(continuesPhrase(filled, [40, 200, 102, 230])).toBe(true);
    // storm-full: a 14 px box over 25 px lettering, the whole line read at 37 px.
    expect(continuesPhrase([248, 425, 363, 443], [232, 416, 415, 453])).toBe(true);
  });
  it('keeps apart a word farther than a word space, another line, a smaller text and a block reaching beyond the line', () => {
    expect(continuesPhrase(filled, [275, 200, 360, 230])).toBe(false);
    expect(continuesPhrase(filled, [100, 236, 240, 266])).toBe(false);
    // (shorter than the line's x-height: not a lowercase word of it)
    expect(continuesPhrase(filled, [242, 219, 300, 229])).toBe(false);
    // The lakeside: a box spanning the boats beside a caption.
    expect(continuesPhrase([37, 297, 330, 353], [300, 250, 700, 420])).toBe(false);
  });
});

describe('findLeftovers', () => {
  // The detector replayed: it answers with the boxes that lie inside the crop it is shown.
  const replay =
    (boxes: Box[]): TextDetector =>
    async (_img, { region }) =>
      boxes.filter((b) => coveredFraction(b, [region!]) === 1).map((box) => ({ box, score: 0.7 }));
  const image: RgbaImage = { width: 960, height: 600, data: new Uint8ClampedArray(960 * 600 * 4) };
  const area: Box = [0, 0, 960, 600];

  it('sorts what it reads into leftovers within a box, the rest of its phrase (word by word, past the first crop) and the rest', async () => {
    const filled: Box[] = [[100, 300, 200, 330]];
    const within: Box = [120, 302, 180, 328];
    // Four more words on the line: the last ones lie beyond the first crop (three line heights past the box).
    const words: Box[] = [
      [210, 300, 280, 330],
      [290, 301, 350, 331],
      [360, 300, 430, 330],
      [440, 299, 520, 330],
    ];
    const block: Box = [20, 245, 285, 385];
    const elsewhere: Box = [600, 100, 700, 130];
    const found = await findLeftovers(replay([within, ...words, block, elsewhere]), image, filled, area, 6, {});
    expect(found.inside.map((l) => l.found.box)).toEqual([within]);
    expect(found.continuing.map((l) => l.found.box).sort((a, b) => a[0] - b[0])).toEqual(words);
    expect(found.continuing.every((l) => l.of === 0)).toBe(true);
    expect(found.outside.map((l) => l.box)).toEqual([block]);
  });
});

describe('the check after removing text (real detector)', () => {
  const port = createNodePort();
  let detections = 0;
  // The first detection is replayed (the middle third of the caption, as the detector boxed
  // storm-full's "Golden hour"); every later call is the real detector's.
  const partly =
    (first: Box[]): TextDetector =>
    async (img: RgbaImage, options, ctx) =>
      detections++ === 0 ? first.map((box) => ({ box, score: 0.8 })) : (await detectText(img, options, ctx)).boxes;

  it('flags nothing when the caption is removed whole', async () => {
    const { texted, boxes: truth } = await captionedPhoto(WALLPAPERS.stream, 960, 600, CAPTION);
    detections = 1; // every call is the real detector's
    const r = await removeTextWith(partly([]), texted, {}, { port });
    expect(
      coveredFraction(
        truth[0],
        r.boxes.map((b) => b.box),
      ),
    ).toBeGreaterThan(0.9);
    expect(r.leftover).toEqual([]);
    expect(r.needsReview).toBe(false);
  });

  it('flags a dark grey caption over a dark field that the fill left readable', async () => {
    // 26 grey levels over a field of 30-35: the pixel mask takes almost none of it, and the
    // check's passes do not read it on the result; the stroke looks do (the last look).
    const caption: Caption = { text: 'Last light', x: 600, y: 442, size: 32, weight: 'bold', fill: '#1a1a1a' };
    const { texted, boxes: truth } = await captionedPhoto(WALLPAPERS.storm, 960, 600, [caption]);
    detections = 1;
    const r = await removeTextWith(partly([]), texted, {}, { port });
    const stillRead = (await detectText(r.image, {}, { port })).boxes.filter((b) => coveredFraction(truth[0], [b.box]) > 0.1);
    expect(stillRead.length).toBeGreaterThan(0);
    expect(r.needsReview).toBe(true);
    expect(r.leftover.some((l) => coveredFraction(truth[0], [l.box]) > 0.3)).toBe(true);
  });
});
