// Remove text end to end on a real dev photo: real PP-OCRv3 detection on onnxruntime-node,
// the text-pixel mask, the fill and the re-check.
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { dilate } from '../../core/mask-ops.ts';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';
import { createNodePort } from '../../runtime/ort-node.ts';
import { removeText, TEXT_DILATE } from './remove-text.ts';
import { psnrWhere } from './test/psnr.ts';

const CASE = resolve(import.meta.dirname, '../../../../shared/datasets/dev/text/chelsea');

async function rgba(file: string): Promise<RgbaImage> {
  const { data, info } = await sharp(join(CASE, file)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data) };
}

async function mask(file: string): Promise<Mask> {
  const { data, info } = await sharp(join(CASE, file)).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

function changedOutside(a: RgbaImage, b: RgbaImage, allowed: (i: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < a.width * a.height; i++) {
    if (allowed(i)) continue;
    for (let c = 0; c < 4; c++)
      if (a.data[i * 4 + c] !== b.data[i * 4 + c]) {
        n++;
        break;
      }
  }
  return n;
}

describe('removeText', () => {
  const port = createNodePort();

  it('detects, masks the glyphs, fills them close to the clean photo and touches nothing else', async () => {
    const [texted, clean, truth] = await Promise.all([rgba('texted.png'), rgba('clean.png'), mask('mask.png')]);
    const stages = new Set<string>();
    const r = await removeText(texted, {}, { port, onProgress: (p) => stages.add(p.stage) });
    expect(r.boxes.length).toBeGreaterThanOrEqual(2);
    const areas = dilate(truth, 3);
    const before = psnrWhere(texted, clean, areas);
    const after = psnrWhere(r.image, clean, areas);
    expect(after).toBeGreaterThan(before + 3);
    expect(after).toBeGreaterThan(19);
    // The mask is the glyphs, not the boxes: far less than the boxes' area.
    const boxArea = r.boxes.reduce((s, b) => s + (b.box[2] - b.box[0]) * (b.box[3] - b.box[1]), 0);
    expect(r.mask.data.filter((v) => v).length).toBeLessThan(0.8 * boxArea);
    const reach = dilate(r.mask, 2 + 4 + 1);
    expect(changedOutside(texted, r.image, (i) => reach.data[i] === 255)).toBe(0);
    // The result is flagged exactly when text is still read or pixels changed beyond the boxes.
    expect(r.changedOutside).toBe(0);
    expect(r.needsReview).toBe(r.leftover.length > 0);
    // Setting up the detector shows as its own stage, apart from the work.
    expect([...stages]).toEqual(expect.arrayContaining(['load model', 'detect text', 'remove text', 'check for leftover text']));
    expect(r.runs.every((run) => ['transport', 'layered', 'patchmatch'].includes(run.engine))).toBe(true);
  });

  it('limited to a region, changes nothing beyond the region and the blend reach', async () => {
    const texted = await rgba('texted.png');
    const region: Box = [0, 0, 451, 120]; // the caption at the top, not the watermark at the bottom
    const r = await removeText(texted, { region }, { port });
    expect(r.boxes.length).toBeGreaterThanOrEqual(1);
    for (const b of r.boxes) expect(b.box[3]).toBeLessThanOrEqual(120);
    const w = texted.width;
    expect(changedOutside(texted, r.image, (i) => Math.floor(i / w) < 120 + 7)).toBe(0);
    expect(changedOutside(texted, r.image, () => false)).toBeGreaterThan(0);
  });

  it('stops with AbortError when cancelled', async () => {
    const texted = await rgba('texted.png');
    const c = new AbortController();
    c.abort();
    await expect(removeText(texted, {}, { port, signal: c.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('keeps the text fill settings when a host passes options it left undefined (reviewed boxes, no detection)', async () => {
    const texted = await rgba('texted.png');
    const r = await removeText(texted, { boxes: [[80, 40, 358, 74]], dilate: undefined, skipRecheck: true }, { port });
    expect(r.boxes).toEqual([{ box: [80, 40, 358, 74], score: 1 }]);
    // Only the text mask grown by the text dilation changes (the feather band blends the fill
    // with itself outside it), not the general inpaint default's wider growth.
    const reach = dilate(r.mask, TEXT_DILATE + 1);
    expect(changedOutside(texted, r.image, (i) => reach.data[i] === 255)).toBe(0);
    expect(changedOutside(texted, r.image, () => false)).toBeGreaterThan(0);
  });
});
