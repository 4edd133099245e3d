// A bold caption with a black outline over foliage (a real photo, Debian's "life" wallpaper:
// the bench photo's top-left caption). Nothing there has a direction to continue, and the
// text fill must leave leaves, not a smeared band along the line: the filled letters have
// about the grain of the foliage around them (the old fill, transport plus part of the grain,
// had half of it), no more along the line than across it, and stay close to the hidden photo.
import { describe, expect, it } from 'vitest';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';
import { captionedPhoto, WALLPAPERS, type Caption } from '../../test-fixtures/captioned-photo.ts';
import { inpaint } from '../inpaint/index.ts';
import { luma } from '../inpaint/ring-texture.ts';
import { removeTextWith } from './remove-text.ts';
import { psnrWhere } from './test/psnr.ts';

const CAPTION: Caption[] = [{ text: 'FREE SHIPPING', x: 40, y: 120, size: 44, weight: 'bold', stroke: '#000' }];

/** Mean |d/dx| and |d/dy| of luma over the pixels of `where` whose right and lower neighbours are in it too. */
function gradients(img: RgbaImage, where: (x: number, y: number) => boolean): { dx: number; dy: number } {
  const w = img.width;
  let dx = 0,
    dy = 0,
    n = 0;
  for (let y = 0; y < img.height - 1; y++)
    for (let x = 0; x < w - 1; x++) {
      if (!where(x, y) || !where(x + 1, y) || !where(x, y + 1)) continue;
      const c = luma(img.data, y * w + x);
      dx += Math.abs(luma(img.data, y * w + x + 1) - c);
      dy += Math.abs(luma(img.data, (y + 1) * w + x) - c);
      n++;
    }
  return { dx: dx / n, dy: dy / n };
}

describe('the text fill over foliage', () => {
  it('fills a bold outlined caption with the foliage grain, not a smeared band', async () => {
    const { clean, texted, boxes } = await captionedPhoto(WALLPAPERS.stream, 960, 600, CAPTION);
    const [box] = boxes as [Box];
    const result = await removeTextWith(async () => [], texted, { boxes, skipRecheck: true });
    const w = texted.width;
    const filled = (x: number, y: number) => result.mask.data[y * w + x] > 0;
    // The ring: 12 rows above and below the box, over the same columns.
    const ring = (x: number, y: number) =>
      x >= box[0] && x < box[2] && ((y >= box[1] - 12 && y < box[1]) || (y >= box[3] && y < box[3] + 12));
    const inFill = gradients(result.image, filled);
    const around = gradients(result.image, ring);
    // Grain of about the foliage's strength (the hidden photo has 0.99 of the ring's; a smooth smudge ~0.5).
    const energy = (inFill.dx + inFill.dy) / (around.dx + around.dy);
    expect(energy).toBeGreaterThan(0.7);
    expect(energy).toBeLessThan(1.3);
    // As much grain across the line as along it, in the ring's proportion.
    const balance = inFill.dx / inFill.dy / (around.dx / around.dy);
    expect(balance).toBeGreaterThan(0.8);
    expect(balance).toBeLessThan(1.25);
    // Copied leaves are a plausible sample, not the hidden ones: within 2 dB of a smooth fill.
    const hole: Mask = { width: w, height: texted.height, data: result.mask.data };
    const smooth = await inpaint(texted, hole, { engine: 'diffusion', dilate: 0 });
    expect(psnrWhere(result.image, clean, hole)).toBeGreaterThan(psnrWhere(smooth.image, clean, hole) - 2);
  });
});
