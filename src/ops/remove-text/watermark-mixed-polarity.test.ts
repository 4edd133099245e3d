// A blue watermark (40%) across a storm sky and then a red and green garden: over the sky its
// letters are lighter than the photo, over the red petal and the green leaf lighter in blue
// and darker in red and green. The letters its blend explains were looked for on one side
// only (darker, by the blue's brightness), so over the garden ".nort" stayed readable (18.6 dB
// in those letters). Looked for on both sides, but with all three channels on one side, they
// were mostly unblended (27.4 dB); with each channel on its own side, 30.2 dB.
// The photos: two Debian wallpapers, read at run time.
import { describe, expect, it } from 'vitest';
import { WALLPAPERS } from '../../test-fixtures/captioned-photo.ts';
import { twoPhotoScene } from '../../test-fixtures/two-photo-scene.ts';
import { psnrWhere } from './test/psnr.ts';
import { detectorBox, drawnLetters, removeInBoxes, SCENE_HEIGHT as H, SCENE_WIDTH as W, studioWatermark } from './test/watermark-scene.ts';

const WATERMARK = studioWatermark('#2040ff', 0.4);

const scene = () =>
  twoPhotoScene(W, H, { photo: WALLPAPERS.storm, left: 100, top: 100 }, { photo: WALLPAPERS.garden, left: 500, top: 400 }, WATERMARK);

describe('a watermark lighter than the photo under it in some channels and darker in others', () => {
  it('is taken out over both', async () => {
    const { clean, texted, boxes } = await scene();
    const box = detectorBox(boxes[0]);
    const removed = await removeInBoxes(texted, [box]);
    const garden = drawnLetters(texted, clean, W / 2);
    expect(psnrWhere(texted, clean, garden)).toBeLessThan(20);
    expect(psnrWhere(removed.image, clean, garden)).toBeGreaterThan(29);
    expect(psnrWhere(removed.image, clean, drawnLetters(texted, clean, 0, W / 2))).toBeGreaterThan(32);
  });
});
