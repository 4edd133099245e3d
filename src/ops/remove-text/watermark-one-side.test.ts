// A light watermark (white, 45%, a light font) across a seam: sunlit leaves against the sky
// above (the top of the letters), plain blurred ground below. The ring around its box is
// texture along the top and plain along the bottom. Judged against the whole ring, the
// leaves' ridges lift more than the letters do, so no overlay was found, no estimate from
// the ring or the letters' pairs held, and the letters were left nearly as they were (15.5
// dB in them, against 24.5 for a fill of the true letters). The overlay is now found against
// the quieter side of the ring and unblended, bringing back the leaves and ground under the
// letters (29.0 dB). The photos: two Debian wallpapers, read at run time.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { dilate } from '../../core/mask-ops.ts';
import { captioned, WALLPAPERS, type Caption } from '../../test-fixtures/captioned-photo.ts';
import { TEXT_DILATE, TEXT_FLAT_RING_GRADIENT, TEXT_THIN_RADIUS } from './remove-text.ts';
import { fillText } from './text-fill.ts';
import { textMaskAndOverlays } from './text-mask.ts';
import { unblendWatermarks } from './watermark.ts';
import { psnrWhere } from './test/psnr.ts';
import { detectorBox, drawnLetters, removeInBoxes } from './test/watermark-scene.ts';

const W = 480,
  H = 220;
/** Foliage above this row, plain ground below. */
const SEAM = 128;
const OPACITY = 0.45;
const WATERMARK: Caption[] = [
  { text: 'sample proof copy', x: 30, y: SEAM + 14, size: 44, font: 'Roboto', weight: 'light', fill: '#ffffff', opacity: OPACITY },
];

async function scene() {
  const foliage = await sharp(WALLPAPERS.leaves)
    .resize(960, 600, { fit: 'cover' })
    .extract({ left: 160, top: 10, width: W, height: SEAM })
    .png()
    .toBuffer();
  const garden = await sharp(WALLPAPERS.garden).resize(960, 600, { fit: 'cover' }).png().toBuffer();
  const ground = await sharp(garden)
    .extract({ left: 0, top: 280, width: 340, height: 85 })
    .resize(W, H - SEAM, { fit: 'fill' })
    .png()
    .toBuffer();
  const base = await sharp({ create: { width: W, height: H, channels: 3, background: '#000' } })
    .composite([
      { input: foliage, top: 0, left: 0 },
      { input: ground, top: SEAM, left: 0 },
    ])
    .png()
    .toBuffer();
  const { clean, texted, boxes } = await captioned(base, W, H, WATERMARK);
  return { clean, texted, box: detectorBox(boxes[0]) };
}

describe('a watermark with bright texture on one side of its ring', () => {
  it('is unblended by the overlay its lifted strokes show', async () => {
    const { texted, box } = await scene();
    const { mask, overlays } = textMaskAndOverlays(texted, [box]);
    expect(overlays[0]?.light).toBe(true);
    // Drawn at 45%.
    expect(overlays[0]!.blend.alpha).toBeGreaterThan(0.35);
    expect(overlays[0]!.blend.alpha).toBeLessThan(0.55);
    const { unblended } = unblendWatermarks(texted, mask, [box], undefined, overlays);
    expect(unblended.map((u) => u.box)).toEqual([box]);
  });

  it('comes out closer to the photo under it than a fill of the letters does', async () => {
    const { clean, texted, box } = await scene();
    const area = drawnLetters(texted, clean);
    const removed = await removeInBoxes(texted, [box]);
    // The text fill's own settings on exactly the letters, grown as the removal grows them.
    const filled = await fillText(
      texted,
      dilate(area, TEXT_DILATE),
      { dilate: 0, thinHoleRadius: TEXT_THIN_RADIUS, flatRingGradient: TEXT_FLAT_RING_GRADIENT },
      {},
    );
    expect(psnrWhere(removed.image, clean, area)).toBeGreaterThan(psnrWhere(filled.image, clean, area) + 2);
    expect(removed.changedOutside).toBe(0);
  });
});
