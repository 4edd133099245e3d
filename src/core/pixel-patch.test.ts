import { describe, expect, it } from 'vitest';
import { changedBox, cropPixels, pastePixels, patchBetween } from './pixel-patch.ts';
import type { RgbaImage } from './types.ts';

function noise(width: number, height: number, seed: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  let s = seed;
  for (let i = 0; i < data.length; i++) data[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
  return { width, height, data };
}

const copy = (img: RgbaImage): RgbaImage => ({ ...img, data: img.data.slice() });

describe('pixel patches', () => {
  it('finds the box around every changed pixel, one channel is enough', () => {
    const a = noise(40, 30, 1);
    const b = copy(a);
    b.data[(5 * 40 + 7) * 4 + 2] ^= 1; // blue of (7, 5)
    b.data[(20 * 40 + 31) * 4 + 3] ^= 128; // alpha of (31, 20)
    expect(changedBox(a, b)).toEqual([7, 5, 32, 21]);
    expect(changedBox(a, copy(a))).toBeNull();
  });

  it('turns the image before into the one after and back, byte for byte', () => {
    const before = noise(64, 48, 2);
    const after = copy(before);
    const region = noise(20, 10, 3);
    pastePixels(after, [30, 12, 50, 22], region.data);
    after.data[(47 * 64 + 63) * 4] ^= 255; // a lone pixel in the far corner widens the box
    const patch = patchBetween(before, after);
    expect(patch.box).toEqual([30, 12, 64, 48]);
    const redone = copy(before);
    pastePixels(redone, patch.box, patch.after);
    expect(redone.data).toEqual(after.data);
    const undone = copy(after);
    pastePixels(undone, patch.box, patch.before);
    expect(undone.data).toEqual(before.data);
    expect(cropPixels(after, [30, 12, 50, 22])).toEqual(region.data);
  });

  it('an unchanged image gives an empty patch, which pastes nothing', () => {
    const image = noise(16, 16, 5);
    const patch = patchBetween(image, copy(image));
    expect(patch.box).toEqual([0, 0, 0, 0]);
    expect(patch.after.length).toBe(0);
    const same = copy(image);
    pastePixels(same, patch.box, patch.after);
    expect(same.data).toEqual(image.data);
  });

  it('refuses a crop that does not fit the image', () => {
    expect(() => pastePixels(noise(10, 10, 4), [5, 5, 11, 6], new Uint8ClampedArray(24))).toThrow(/does not fit a 10 x 10 image/);
  });
});
