// Redaction end to end on a real photo: real YuNet on onnxruntime-node finds the astronaut's
// face, each style hides it so that YuNet no longer finds it and its pixels barely correlate
// with the original, and reviewed boxes replay byte-identically.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Box, RgbaImage } from '../../core/types.ts';
import { createNodePort } from '../../runtime/ort-node.ts';
import { requireManifest } from '../manifest.ts';
import { runManifest } from '../runner.ts';
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

  it('the runner replays a recorded redact step (fill, reviewed boxes) to the same bytes twice', async () => {
    const img = await rgba(ASTRONAUT);
    const m = requireManifest({ steps: [{ op: 'redact', targets: ['faces'], style: 'fill', boxes: [[170, 50, 280, 190]] }] });
    const a = await runManifest(copy(img), m, { ctx: { port } });
    const b = await runManifest(copy(img), m, { ctx: { port } });
    expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(true);
    expect(a.runs[0]).toMatchObject({ op: 'redact', boxes: [[170, 50, 280, 190, 1]] });
    expect(a.runs[0].leftover ?? []).toEqual([]);
    // Filled from the surroundings: the face's detail is gone.
    expect(Math.abs(detailCorrelation(img, a.image, [185, 70, 265, 170]))).toBeLessThan(0.2);
  });
});

describe('redact text (real PP-OCRv3 detectors)', () => {
  it('pixelates the caption of the captioned chelsea photo, and the verification pass finds no text left there', async () => {
    const img = await rgba('../shared/datasets/dev/text/chelsea/texted.png');
    const result = await redact(copy(img), { targets: ['text'], style: 'pixelate' }, { port });
    const CAPTION: Box = [80, 40, 358, 74]; // boxes.json: "Photo: J. Rivera"
    const centre = [(CAPTION[0] + CAPTION[2]) / 2, (CAPTION[1] + CAPTION[3]) / 2];
    expect(
      result.boxes.some(({ box: b }) => b[0] <= centre[0] && centre[0] < b[2] && b[1] <= centre[1] && centre[1] < b[3]),
      JSON.stringify(result.boxes),
    ).toBe(true);
    expect(result.detectors.map((d) => d.id)).toContain('ppocr-v3-det-ch');
    expect(
      result.leftover.filter(({ box: b }) => b[0] < CAPTION[2] && CAPTION[0] < b[2] && b[1] < CAPTION[3] && CAPTION[1] < b[3]),
    ).toEqual([]);
  });
});

describe('faces on a 12 MP photo (real YuNet over the tiles)', () => {
  it('finds a 24 px face and a face filling most of the frame, boxes mapped back to source pixels', async () => {
    const face = { left: 160, top: 40, width: 130, height: 160 }; // the astronaut's face with hair and chin
    const W = 4000;
    const H = 3000;
    const small = await sharp(ASTRONAUT).extract(face).resize(35, 43).png().toBuffer(); // face box about 24 px wide
    const large = await sharp(ASTRONAUT).extract(face).resize(1950, 2400).png().toBuffer(); // face about 1350 px wide
    const { data } = await sharp({ create: { width: W, height: H, channels: 4, background: { r: 120, g: 130, b: 125, alpha: 1 } } })
      .composite([
        { input: small, left: 3111, top: 2203 },
        { input: large, left: 200, top: 300 },
      ])
      .raw()
      .toBuffer({ resolveWithObject: true });
    const img = { width: W, height: H, data: new Uint8ClampedArray(data) };
    const { boxes } = await detectFaces(img, {}, { port });
    expect(boxes.length, JSON.stringify(boxes)).toBe(2);
    const near = (b: Box, cx: number, cy: number, w: number) =>
      Math.abs((b[0] + b[2]) / 2 - cx) < w * 0.2 && Math.abs((b[1] + b[3]) / 2 - cy) < w * 0.25 && Math.abs(b[2] - b[0] - w) < w * 0.35;
    // The face box of the astronaut crop sits at [19, 23, 109, 136] of the 130 x 160 crop.
    const sx = 35 / 130;
    expect(
      boxes.some((b) => near(b.box, 3111 + 64 * sx, 2203 + 79.5 * (43 / 160), 90 * sx)),
      JSON.stringify(boxes),
    ).toBe(true);
    const lx = 1950 / 130;
    expect(
      boxes.some((b) => near(b.box, 200 + 64 * lx, 300 + 79.5 * (2400 / 160), 90 * lx)),
      JSON.stringify(boxes),
    ).toBe(true);
  });
});
