// Mask PNGs get the image header check before the worker decodes them: a decompression bomb,
// a damaged PNG or another format is refused with the reason, a sound mask passes.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { maskHeaderProblem } from './mask-header.ts';

const BAD = resolve(import.meta.dirname, '../../../shared/datasets/dev/bad');
const maskPng = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#000' } })
    .greyscale()
    .png()
    .toBuffer();

describe('mask header check', () => {
  it('passes a sound mask PNG', async () => {
    expect(maskHeaderProblem(new Uint8Array(await maskPng()), 'm.png')).toBeNull();
  });

  it('refuses the 40000 x 40000 bomb from its header', () => {
    expect(maskHeaderProblem(readFileSync(join(BAD, 'bomb-40000x40000.png')), 'bomb.png')).toBe(
      'mask "bomb.png" is 40000 × 40000 pixels, over the 64 megapixels and 32767 pixels a side the editor decodes; it cannot be a mask for an image the editor opens.',
    );
  });

  it('refuses a truncated PNG and a JPEG, saying which', async () => {
    const png = await maskPng();
    expect(maskHeaderProblem(png.subarray(0, 40), 'cut.png')).toMatch(
      /^mask "cut\.png" is not a readable PNG image: The file is truncated/,
    );
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    expect(maskHeaderProblem(jpeg, 'm.jpg')).toBe('mask "m.jpg" is a JPEG file; masks are PNG images (white = remove).');
  });
});
