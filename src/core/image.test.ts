import { describe, expect, it } from 'vitest';
import { blankImage, blankMask, blendImage, clampBox, copyImage, cropImage, cropMask, isOpaque, pasteImage } from './image.ts';

function numbered(w: number, h: number) {
  const img = blankImage(w, h);
  for (let i = 0; i < w * h; i++) img.data.set([i & 255, (i * 3) & 255, (i * 7) & 255, 255], i * 4);
  return img;
}

describe('image helpers', () => {
  it('crops exactly the pixels in the box', () => {
    const img = numbered(10, 8);
    const c = cropImage(img, [2, 3, 6, 7]);
    expect([c.width, c.height]).toEqual([4, 4]);
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 4; x++) {
        expect(c.data[(y * 4 + x) * 4]).toBe(img.data[((y + 3) * 10 + x + 2) * 4]);
      }
  });

  it('paste of a crop back is the identity, and paste changes nothing outside', () => {
    const img = numbered(10, 8);
    const before = copyImage(img);
    pasteImage(img, cropImage(img, [1, 1, 9, 5]), 1, 1);
    expect(img.data).toEqual(before.data);
    pasteImage(img, blankImage(2, 2, [9, 9, 9, 9]), 4, 4);
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 10; x++) {
        const inside = x >= 4 && x < 6 && y >= 4 && y < 6;
        expect(img.data[(y * 10 + x) * 4]).toBe(inside ? 9 : before.data[(y * 10 + x) * 4]);
      }
  });

  it('blends by weight: 0 keeps dst, 255 takes src, 128 about half', () => {
    const dst = blankImage(3, 1, [0, 0, 0, 255]);
    const src = blankImage(3, 1, [200, 100, 50, 255]);
    blendImage(dst, src, 0, 0, { width: 3, height: 1, data: new Uint8Array([0, 255, 128]) });
    expect([...dst.data]).toEqual([0, 0, 0, 255, 200, 100, 50, 255, 100, 50, 25, 255]);
  });

  it('crops masks, checks boxes and opacity', () => {
    const m = blankMask(5, 5);
    m.data[12] = 255;
    expect([...cropMask(m, [2, 2, 3, 3]).data]).toEqual([255]);
    expect(() => cropImage(numbered(4, 4), [0, 0, 5, 2])).toThrow(/inside 4x4/);
    expect(isOpaque(numbered(2, 2))).toBe(true);
    expect(isOpaque(blankImage(2, 2))).toBe(false);
    expect(clampBox([-3, 1.5, 9.2, 4], 8, 8)).toEqual([0, 1, 8, 4]);
  });
});
