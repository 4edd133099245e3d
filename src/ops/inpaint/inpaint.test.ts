import { describe, expect, it } from 'vitest';
import { devHoleCase } from '../../test-fixtures/dev-holes.ts';
import { dilate } from '../../core/mask-ops.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { inpaint } from './index.ts';
import { rectMask, texturedImage } from '../../test-fixtures/test-images.ts';

function changedWhere(a: RgbaImage, b: RgbaImage): Uint8Array {
  const out = new Uint8Array(a.width * a.height);
  for (let i = 0; i < out.length; i++) for (let c = 0; c < 4; c++) if (a.data[i * 4 + c] !== b.data[i * 4 + c]) out[i] = 1;
  return out;
}

/** Mean Sobel magnitude of the green channel over the mask's pixels. */
function gradient(img: RgbaImage, where: Mask): number {
  const w = img.width;
  const g = (x: number, y: number) => img.data[(y * w + x) * 4 + 1];
  let s = 0,
    n = 0;
  for (let y = 1; y < img.height - 1; y++)
    for (let x = 1; x < w - 1; x++) {
      if (where.data[y * w + x] < 128) continue;
      const gx = g(x + 1, y - 1) + 2 * g(x + 1, y) + g(x + 1, y + 1) - g(x - 1, y - 1) - 2 * g(x - 1, y) - g(x - 1, y + 1);
      const gy = g(x - 1, y + 1) + 2 * g(x, y + 1) + g(x + 1, y + 1) - g(x - 1, y - 1) - 2 * g(x, y - 1) - g(x + 1, y - 1);
      s += Math.hypot(gx, gy);
      n++;
    }
  return s / n;
}

describe('inpaint at full resolution', () => {
  const photo = texturedImage(160, 120);
  const mask = rectMask(160, 120, [30, 30, 50, 52], [110, 70, 128, 90]);

  it('changes no pixel farther than dilate + feather from the mask, and fills the hole', async () => {
    const { image, runs } = await inpaint(photo, mask, { dilate: 3, feather: 4 });
    expect(runs.map((r) => r.engine)).toEqual(['patchmatch', 'patchmatch']);
    const changed = changedWhere(photo, image);
    const near = dilate(mask, 7);
    for (let i = 0; i < changed.length; i++) if (changed[i]) expect(near.data[i]).toBe(255);
    // Every masked pixel now holds colours that exist in the photo's texture (no grey mush).
    let filledLikeTexture = 0,
      holePixels = 0;
    for (let i = 0; i < mask.data.length; i++) {
      if (!mask.data[i]) continue;
      holePixels++;
      const r = image.data[i * 4];
      if (r < 100 || r > 140) filledLikeTexture++; // stripes are ~70 or ~170 in red
    }
    expect(filledLikeTexture / holePixels).toBeGreaterThan(0.8);
    expect(photo.data).toEqual(texturedImage(160, 120).data); // the input is not mutated
  });

  it('is deterministic: the same seed gives the same bytes, another seed other bytes', async () => {
    const a = await inpaint(photo, mask, { seed: 7 });
    const b = await inpaint(photo, mask, { seed: 7 });
    const c = await inpaint(photo, mask, { seed: 8 });
    expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(true);
    expect(Buffer.from(a.image.data).equals(Buffer.from(c.image.data))).toBe(false);
  });

  it('fills a textured dev hole sharply, where diffusion gives a blur', async () => {
    const { image, truth, mask: holeMask } = await devHoleCase('brick');
    const sharpFill = await inpaint(image, holeMask, { engine: 'patchmatch' });
    const ratio = gradient(sharpFill.image, holeMask) / gradient(truth, holeMask);
    expect(ratio).toBeGreaterThan(0.7);
    expect(ratio).toBeLessThan(1.3);
    const blurFill = await inpaint(image, holeMask, { engine: 'diffusion' });
    expect(gradient(blurFill.image, holeMask) / gradient(truth, holeMask)).toBeLessThan(0.5);
  });

  it('uses the diffusion fill for thin strokes and records it', async () => {
    const thin = rectMask(160, 120, [20, 60, 140, 62]);
    const { runs } = await inpaint(photo, thin, { dilate: 1 });
    expect(runs.map((r) => r.engine)).toEqual(['diffusion']);
  });

  it('keeps transparency outside the hole', async () => {
    const clear = texturedImage(80, 80);
    for (let i = 0; i < 80 * 40; i++) clear.data[i * 4 + 3] = 0; // top half transparent
    const { image } = await inpaint(clear, rectMask(80, 80, [30, 50, 50, 66]));
    expect(image.data[(10 * 80 + 10) * 4 + 3]).toBe(0);
    expect(image.data[(58 * 80 + 40) * 4 + 3]).toBe(255);
  });

  it('refuses a mask of another size and a neural engine that is not installed, with a message', async () => {
    await expect(inpaint(photo, rectMask(10, 10, [1, 1, 2, 2]))).rejects.toThrow(/mask is 10x10 but the photo is 160x120/);
    await expect(inpaint(photo, mask, { engine: 'lama' })).rejects.toThrow(/LaMa model is not installed/);
  });
});

describe('cancel', () => {
  const photo = texturedImage(160, 120);
  const mask = rectMask(160, 120, [30, 30, 50, 52], [110, 70, 128, 90]);

  it('rejects with AbortError when cancelled between regions, leaving the input untouched', async () => {
    const controller = new AbortController();
    const progress: string[] = [];
    const job = inpaint(
      photo,
      mask,
      {},
      {
        signal: controller.signal,
        onProgress: (p) => {
          progress.push(p.detail ?? '');
          if (p.detail === 'region 2 of 2') controller.abort();
        },
      },
    );
    await expect(job).rejects.toMatchObject({ name: 'AbortError' });
    expect(progress).toEqual(['region 1 of 2', 'region 2 of 2']);
    expect(photo.data).toEqual(texturedImage(160, 120).data);
  });

  it('stops inside PatchMatch iterations', async () => {
    const controller = new AbortController();
    const job = inpaint(photo, rectMask(160, 120, [40, 30, 100, 90]), {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 0);
    await expect(job).rejects.toMatchObject({ name: 'AbortError' });
  });
});
