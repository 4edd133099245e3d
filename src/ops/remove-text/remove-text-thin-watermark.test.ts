// Thin semi-transparent watermarks over busy photos (issue #11: "35-60% opacity watermarks in
// light and thin fonts ... text over busy texture"): white lettering in a light font (2-3 px
// strokes) at 45% on Debian wallpapers, found with real detection on onnxruntime-node. The
// photo's own passes and the min / max looks find none or part of them (bark: nothing;
// leaves: "@studio" of "@studio.north"); the stroke looks (detect-text/stroke-look.ts) find
// the whole line.
import { describe, expect, it } from 'vitest';
import type { Box, RgbaImage } from '../../core/types.ts';
import { createNodePort } from '../../runtime/ort-node.ts';
import { captionedPhoto, WALLPAPERS, type Caption } from '../../test-fixtures/captioned-photo.ts';
import { coveredFraction } from '../detect-text/coverage.ts';
import { detectText } from '../detect-text/detect.ts';
import { removeText } from './remove-text.ts';

const watermark = (text: string, x: number, y: number, font: string): Caption => ({
  text,
  x,
  y,
  size: 44,
  font,
  weight: 'light',
  fill: '#ffffff',
  opacity: 0.45,
});

/**
 * The share of the watermark's letter cores (pixels it lifted by more than a quarter of
 * full white, summed over R, G, B) that `result` still shows lifted by half as much or more.
 */
function coresLeft(texted: RgbaImage, clean: RgbaImage, result: RgbaImage, box: Box): number {
  let cores = 0,
    left = 0;
  for (let y = box[1]; y < box[3]; y++)
    for (let x = box[0]; x < box[2]; x++) {
      const i = (y * texted.width + x) * 4;
      let lift = 0,
        still = 0;
      for (let c = 0; c < 3; c++) {
        lift += texted.data[i + c] - clean.data[i + c];
        still += result.data[i + c] - clean.data[i + c];
      }
      if (lift > 3 * 0.25 * 255) {
        cores++;
        if (still > lift / 2) left++;
      }
    }
  expect(cores).toBeGreaterThan(300);
  return left / cores;
}

describe('thin semi-transparent watermarks over busy photos', () => {
  const port = createNodePort();

  it('finds a 45% white watermark in a light font over bark, and nothing else', async () => {
    const { texted, boxes } = await captionedPhoto(WALLPAPERS.bark, 960, 600, [watermark('SAMPLE IMAGE', 120, 520, 'Roboto')]);
    const found = (await detectText(texted, {}, { port })).boxes.map((b) => b.box);
    expect(coveredFraction(boxes[0], found)).toBeGreaterThanOrEqual(0.8);
    for (const b of found) expect(coveredFraction(b, boxes), `box [${b}]`).toBeGreaterThanOrEqual(0.5);
  });

  it('removes a 45% white watermark in a light font over leaves and a twig', async () => {
    const { texted, clean, boxes } = await captionedPhoto(WALLPAPERS.leaves, 960, 600, [watermark('@studio.north', 560, 520, 'Open Sans')]);
    const r = await removeText(texted, {}, { port });
    const found = r.boxes.map((b) => b.box);
    // The whole line in one box, and nothing else.
    expect(coveredFraction(boxes[0], found)).toBeGreaterThanOrEqual(0.8);
    for (const b of found) expect(coveredFraction(b, boxes), `box [${b}]`).toBeGreaterThanOrEqual(0.5);
    // Gone: of the letters' cores, at most a fifth still lifted (measured 15%); the check
    // after the fill finds no text there, and nothing changed beyond the box.
    expect(coresLeft(texted, clean, r.image, boxes[0])).toBeLessThan(0.2);
    expect(r.leftover).toEqual([]);
    expect(r.changedOutside).toBe(0);
  });
});
