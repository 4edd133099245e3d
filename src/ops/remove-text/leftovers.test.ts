// The check after the fill, on the real detector: it must read what is left of a caption
// that the first detection boxed only in part (storm-full's "Golden hour": a crop hugging
// the box cut the line and read nothing), and flag nothing on a clean removal.
import { describe, expect, it } from 'vitest';
import type { Box, RgbaImage } from '../../core/types.ts';
import { createNodePort } from '../../runtime/ort-node.ts';
import { captionedPhoto, WALLPAPERS, type Caption } from '../../test-fixtures/captioned-photo.ts';
import { coveredFraction } from '../detect-text/coverage.ts';
import { detectText } from '../detect-text/detect.ts';
import { changedOutside, TEXT_REACH, zoneMask } from './confine.ts';
import { checkCrops, type TextDetector } from './leftovers.ts';
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

describe('the check after removing text (real detector)', () => {
  const port = createNodePort();
  let detections = 0;
  // The first detection is replayed (the middle third of the caption, as the detector boxed
  // storm-full's "Golden hour"); every later call is the real detector's.
  const partly =
    (first: Box[]): TextDetector =>
    async (img: RgbaImage, options, ctx) =>
      detections++ === 0 ? first.map((box) => ({ box, score: 0.8 })) : (await detectText(img, options, ctx)).boxes;

  it('reads the rest of a caption whose first box held only its middle, and flags it without filling beyond the box', async () => {
    const { texted, boxes: truth } = await captionedPhoto(WALLPAPERS.stream, 960, 600, CAPTION);
    const [x0, y0, x1, y1] = truth[0];
    const third = Math.round((x1 - x0) / 3);
    const middle: Box = [x0 + third, y0 + 6, x1 - third, y1 - 6];
    detections = 0;
    const r = await removeTextWith(partly([middle]), texted, {}, { port });
    expect(r.needsReview).toBe(true);
    // What is flagged is the caption's unfilled rest: on the caption, reaching past the filled box.
    expect(r.leftover.length).toBeGreaterThan(0);
    for (const { box } of r.leftover) {
      expect(coveredFraction(box, [[x0 - 8, y0 - 8, x1 + 8, y1 + 8]])).toBe(1);
      expect(box[0] < middle[0] - 8 || box[2] > middle[2] + 8).toBe(true);
    }
    // Nothing beyond the filled box's reach changed.
    expect(changedOutside(texted, r.image, zoneMask(texted.width, texted.height, [middle], TEXT_REACH))).toBe(0);
  });

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
});
