// A blue watermark (40%, bold) over yellow leaves against a blue sky, then over bark. Over
// the leaves the text mask takes patches of letters and of sky, and no blend estimated on
// the whole line held: "@studio" was left as it was, readable, and only the mask's patches
// were filled (16.8 dB in those letters). Over the bark, a third of the line, the letters'
// pairs and the ring agree on the blend; tried for the whole line, it takes out the letters
// over the leaves too (21.0 dB; a faint ghost is left where the blend's opacity, read as 0.37
// for 0.40, falls short).
// The photos: two Debian wallpapers, read at run time.
import { describe, expect, it } from 'vitest';
import type { Box } from '../../core/types.ts';
import { WALLPAPERS } from '../../test-fixtures/captioned-photo.ts';
import { twoPhotoScene } from '../../test-fixtures/two-photo-scene.ts';
import { psnrWhere } from './test/psnr.ts';
import { drawnLetters, removeInBoxes, SCENE_HEIGHT as H, SCENE_WIDTH as W, studioWatermark } from './test/watermark-scene.ts';

const WATERMARK = studioWatermark('#2040ff', 0.4);
/** The box PP-OCRv3 gives this line (cleanplate detect). */
const DETECTED: Box = [43, 32, 410, 80];

const scene = () =>
  twoPhotoScene(W, H, { photo: WALLPAPERS.leaves, left: 600, top: 50 }, { photo: WALLPAPERS.bark, left: 200, top: 450 }, WATERMARK);

describe('a watermark whose blend holds on part of its line only', () => {
  it('is taken out along all of it', async () => {
    const { clean, texted } = await scene();
    const removed = await removeInBoxes(texted, [DETECTED]);
    const leaves = drawnLetters(texted, clean, 0, W / 2);
    // (16.8 dB in them before, against 15.7 as drawn: only the mask's patches were filled)
    expect(psnrWhere(texted, clean, leaves)).toBeLessThan(16);
    expect(psnrWhere(removed.image, clean, leaves)).toBeGreaterThan(19.5);
    expect(psnrWhere(removed.image, clean, drawnLetters(texted, clean, W / 2))).toBeGreaterThan(22);
  });
});
