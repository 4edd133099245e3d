// Text detection on real dev photos through onnxruntime-node and the real PP-OCRv3 model.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Box, RgbaImage } from '../../core/types.ts';
import { createNodePort } from '../../runtime/ort-node.ts';
import { coveredFraction } from './coverage.ts';
import { detectText } from './detect.ts';

const TEXT = resolve(import.meta.dirname, '../../../../shared/datasets/dev/text');
const truthOf = (name: string) =>
  (JSON.parse(readFileSync(join(TEXT, name, 'boxes.json'), 'utf8')) as { boxes: { box: Box }[] }).boxes.map((b) => b.box);
const truth = truthOf('chelsea');

async function load(scale = 1, name = 'chelsea', crop?: { left: number; top: number; width: number; height: number }): Promise<RgbaImage> {
  let img = sharp(join(TEXT, name, 'texted.png'));
  if (crop) img = img.extract(crop);
  if (scale !== 1) img = img.resize({ width: 451 * scale, height: 300 * scale, kernel: 'cubic' });
  const { data, info } = await img.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data) };
}

const scaled = (b: Box, s: number) => b.map((v) => v * s) as Box;

/** Every truth box covered >= 80% by detections, every detection >= 50% on truth. */
function expectMatches(found: Box[], expected: Box[]) {
  for (const t of expected) expect(coveredFraction(t, found), `truth [${t}]`).toBeGreaterThanOrEqual(0.8);
  for (const p of found) expect(coveredFraction(p, expected), `detection [${p}]`).toBeGreaterThanOrEqual(0.5);
}

describe('detectText', () => {
  const port = createNodePort();

  it('finds the caption and the watermark on a photo', async () => {
    const image = await load();
    const progress: string[] = [];
    const { boxes, model, backend } = await detectText(image, {}, { port, onProgress: (p) => progress.push(p.stage) });
    expect([model.id, model.sha256?.slice(0, 8), backend]).toEqual(['ppocr-v3-det-ch', 'd572c177', 'cpu']);
    expectMatches(
      boxes.map((b) => b.box),
      truth,
    );
    for (const b of boxes) expect(b.score).toBeGreaterThanOrEqual(0.6);
    expect(progress).toContain('detect text');
  });

  it('finds outlined and shadowed captions on a second photo', async () => {
    const { boxes } = await detectText(await load(1, 'rocket'), {}, { port });
    expectMatches(
      boxes.map((b) => b.box),
      truthOf('rocket'),
    );
  });

  it('finds a semi-transparent coloured watermark over a cluttered scene through its colour looks', async () => {
    // The motorcycle's 37% yellow "IMG_2025-11-12 14:32" over a shelf, cropped around it.
    const crop = { left: 200, top: 60, width: 760, height: 180 };
    const image = await load(1, 'motorcycle', crop);
    const watermark: Box = [261 - crop.left, 121 - crop.top, 902 - crop.left, 174 - crop.top];
    const photoOnly = (await detectText(image, { looks: [] }, { port })).boxes.map((b) => b.box);
    expect(coveredFraction(watermark, photoOnly)).toBeLessThan(0.8);
    const boxes = (await detectText(image, {}, { port })).boxes.map((b) => b.box);
    expectMatches(boxes, [watermark]);
  });

  it('finds a large 35% white watermark over grass through the lighter look', async () => {
    const limitedEdition: Box = [8, 60, 486, 99];
    const image = await load(1, 'grass');
    const photoOnly = (await detectText(image, { looks: [], secondModel: null }, { port })).boxes.map((b) => b.box);
    expect(coveredFraction(limitedEdition, photoOnly)).toBeLessThan(0.8);
    const boxes = (await detectText(image, { looks: ['lighter'], secondModel: null }, { port })).boxes.map((b) => b.box);
    expect(coveredFraction(limitedEdition, boxes)).toBeGreaterThanOrEqual(0.8);
    for (const p of boxes) expect(coveredFraction(p, truthOf('grass')), `detection [${p}]`).toBeGreaterThanOrEqual(0.5);
  });

  it('maps boxes back to full resolution on the same photo enlarged 3x, whole and tiled', async () => {
    const image = await load(3);
    const expected = truth.map((b) => scaled(b, 3));
    for (const tiles of ['never', 'always'] as const) {
      const boxes = (await detectText(image, { tiles }, { port })).boxes.map((b) => b.box);
      expectMatches(boxes, expected);
      for (const b of boxes) expect(b.every(Number.isInteger) && b[2] <= image.width && b[3] <= image.height).toBe(true);
    }
  });

  it('looks only inside a region and clips boxes to it', async () => {
    const image = await load();
    const region: Box = [60, 20, 380, 100]; // around the caption only
    const boxes = (await detectText(image, { region }, { port })).boxes.map((b) => b.box);
    expectMatches(boxes, [[80, 40, 358, 74]]);
    for (const b of boxes) expect(b[0] >= 60 && b[1] >= 20 && b[2] <= 380 && b[3] <= 100).toBe(true);
    await expect(detectText(image, { region: [10, 10, 5, 20] }, { port })).rejects.toThrow(/x1 > x0/);
  });
});
