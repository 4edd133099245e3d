// A watermark in a light font (Roboto Light, 1-2 px strokes) drawn in white at 50% opacity
// over a real photo of bark (a Debian wallpaper, read at run time): the colours find none of
// it (its colours are the bark's light ridges'), and its lifted strokes cover 6% of the box,
// too little for the overlay seeds' usual share (8%). On a line this long their running
// along it tells them from texture: taken, 86% of the letters' cores are in the mask;
// without, none was.
import { describe, expect, it } from 'vitest';
import type { Box } from '../../core/types.ts';
import { captionedPhoto, WALLPAPERS, type Caption } from '../../test-fixtures/captioned-photo.ts';
import { overlaySeeds } from './overlay-seeds.ts';
import { textMask, textPixels } from './text-mask.ts';
import { detectorBox } from './test/watermark-scene.ts';

const OPACITY = 0.5;
const WATERMARK: Caption[] = [
  { text: 'PREVIEW', x: 300, y: 330, size: 56, font: 'Roboto', weight: 'light', fill: '#ffffff', opacity: OPACITY },
];

async function photo() {
  const { clean, texted, boxes } = await captionedPhoto(WALLPAPERS.bark, 960, 600, WATERMARK);
  return { clean, texted, box: detectorBox(boxes[0]) };
}

describe('overlay seeds for lettering in a light font', () => {
  it('find the thin strokes of a white watermark over bark', async () => {
    const { clean, texted, box } = await photo();
    const m = textMask(texted, [box]);
    // The letters' cores: pixels the overlay moved by at least a third of its full lift.
    let cores = 0,
      hit = 0;
    for (let i = 0; i < m.data.length; i++) {
      let d = 0;
      for (let c = 0; c < 3; c++) d += Math.abs(texted.data[i * 4 + c] - clean.data[i * 4 + c]);
      if (d > 255 * OPACITY) {
        cores++;
        if (m.data[i]) hit++;
      }
    }
    expect(cores).toBeGreaterThan(800);
    expect(hit / cores).toBeGreaterThan(0.75);
  });

  it('find nothing in the same bark without the watermark', async () => {
    const { clean, box } = await photo();
    const inner: Box = [box[0] - 2, box[1] - 2, box[2] + 2, box[3] + 2];
    const outer: Box = [inner[0] - 6, inner[1] - 6, inner[2] + 6, inner[3] + 6];
    const { picked } = textPixels(clean, box, inner, outer);
    expect(overlaySeeds(clean, inner, outer, box[3] - box[1], picked).some((v) => v)).toBe(false);
  });
});
