import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../core/types.ts';
import { ALL_LOOKS } from './looks.ts';
import { detectorInput, type DetectorView } from './preprocess.ts';

/** A colourful 64 x 48 test card (deterministic). */
function card(): RgbaImage {
  const width = 64,
    height = 48;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const x = i % width,
      y = (i - x) / width;
    data.set([(x * 4) & 255, (y * 5) & 255, (x * y) & 255, 255], i * 4);
  }
  return { width, height, data };
}

describe('detector input', () => {
  it('writes into a larger, used buffer exactly the tensor it makes fresh, for the photo and every look', () => {
    const image = card();
    const views: DetectorView[] = [
      { x0: 0, y0: 0, x1: 64, y1: 48, tensorWidth: 96, tensorHeight: 64 },
      { x0: 8, y0: 4, x1: 40, y1: 36, tensorWidth: 32, tensorHeight: 32 },
    ];
    const into = new Float32Array(4 * 96 * 64).fill(Number.NaN);
    for (const view of views)
      for (const look of [undefined, ...ALL_LOOKS]) {
        const fresh = detectorInput(image, view, look);
        const reused = detectorInput(image, view, look, undefined, into);
        expect(reused?.dims).toEqual(fresh?.dims);
        expect(reused && Array.from(reused.data as Float32Array)).toEqual(fresh && Array.from(fresh.data as Float32Array));
      }
  });
});
