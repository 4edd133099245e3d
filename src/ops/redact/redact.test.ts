// Redaction end to end on a real photo: real YuNet on onnxruntime-node finds the astronaut's
// face, each style hides it so that YuNet no longer finds it and its pixels barely correlate
// with the original, and reviewed boxes replay byte-identically.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Box, RgbaImage } from '../../core/types.ts';
import { createNodePort } from '../../runtime/ort-node.ts';
import { detectFaces } from './faces.ts';
import { redact } from './redact.ts';

const ASTRONAUT = '../shared/datasets/dev/holes/astronaut/truth.png';
const port = createNodePort();

async function rgba(file: string): Promise<RgbaImage> {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data) };
}

const copy = (img: RgbaImage): RgbaImage => ({ ...img, data: new Uint8ClampedArray(img.data) });

/** Pearson correlation of the luma of two images inside a box. */
function correlation(a: RgbaImage, b: RgbaImage, [x0, y0, x1, y1]: Box): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * a.width + x) * 4;
      xs.push(0.299 * a.data[i] + 0.587 * a.data[i + 1] + 0.114 * a.data[i + 2]);
      ys.push(0.299 * b.data[i] + 0.587 * b.data[i + 1] + 0.114 * b.data[i + 2]);
    }
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const [mx, my] = [mean(xs), mean(ys)];
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Correlation after removing what any smooth redaction keeps (the box's coarse shading): local detail only. */
function detailCorrelation(a: RgbaImage, b: RgbaImage, box: Box): number {
  const highPass = (img: RgbaImage) => {
    const out = copy(img);
    const r = 3;
    for (let y = box[1]; y < box[3]; y++)
      for (let x = box[0]; x < box[2]; x++)
        for (let k = 0; k < 3; k++) {
          let s = 0,
            n = 0;
          for (let dy = -r; dy <= r; dy++)
            for (let dx = -r; dx <= r; dx++) {
              const yy = Math.min(box[3] - 1, Math.max(box[1], y + dy));
              const xx = Math.min(box[2] - 1, Math.max(box[0], x + dx));
              s += img.data[(yy * img.width + xx) * 4 + k];
              n++;
            }
          out.data[(y * img.width + x) * 4 + k] = 128 + img.data[(y * img.width + x) * 4 + k] - s / n;
        }
    return out;
  };
  return correlation(highPass(a), highPass(b), box);
}

describe('redact faces on the astronaut photo (real YuNet)', () => {
  it('finds the one face where MODELS.md says it is', async () => {
    const img = await rgba(ASTRONAUT);
    const { boxes } = await detectFaces(img, {}, { port });
    expect(boxes).toHaveLength(1);
    const [x0, y0, x1, y1] = boxes[0].box;
    // MODELS.md: x 179, y 63, 90 x 113 (a few pixels either way).
    expect(Math.abs(x0 - 179)).toBeLessThanOrEqual(4);
    expect(Math.abs(y0 - 63)).toBeLessThanOrEqual(4);
    expect(Math.abs(x1 - x0 - 90)).toBeLessThanOrEqual(6);
    expect(Math.abs(y1 - y0 - 113)).toBeLessThanOrEqual(6);
  });

  for (const style of ['blur', 'pixelate'] as const) {
    it(`${style}: the face is no longer found, its detail does not survive, nothing outside changes`, async () => {
      const img = await rgba(ASTRONAUT);
      const result = await redact(copy(img), { targets: ['faces'], style }, { port });
      expect(result.boxes).toHaveLength(1);
      const box = result.boxes[0].box;
      expect(result.leftover).toEqual([]);
      expect((await detectFaces(result.image, {}, { port })).boxes.filter((f) => f.box[0] < box[2] && box[0] < f.box[2])).toEqual([]);
      expect(Math.abs(detailCorrelation(img, result.image, box))).toBeLessThan(0.15);
      for (let y = 0; y < img.height; y += 7)
        for (let x = 0; x < img.width; x += 7) {
          if (x >= box[0] && x < box[2] && y >= box[1] && y < box[3]) continue;
          const i = (y * img.width + x) * 4;
          expect(result.image.data[i]).toBe(img.data[i]);
        }
    });
  }

  it('replays the reviewed boxes byte-identically, detecting nothing first', async () => {
    const img = await rgba(ASTRONAUT);
    const first = await redact(copy(img), { targets: ['faces'], style: 'blur' }, { port });
    const boxes = first.boxes.map((b) => b.box);
    const again = await redact(copy(img), { targets: ['faces'], style: 'blur', boxes, skipVerify: true }, {});
    expect(Buffer.from(again.image.data).equals(Buffer.from(first.image.data))).toBe(true);
  });
});
