// Upscaling on the real models through onnxruntime-node, on small crops of dev photos.
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../core/types.ts';
import { createNodePort } from '../../runtime/ort-node.ts';
import { modelById } from '../models.ts';
import type { InferencePort } from '../port.ts';
import { MemoryBudgetError } from './budget.ts';
import { upscale } from './upscale.ts';

const DEV = resolve(import.meta.dirname, '../../../../shared/datasets/dev');
const MODELS = resolve(import.meta.dirname, '../../../models');

async function crop(file: string, left: number, top: number, width: number, height: number): Promise<RgbaImage> {
  const { data, info } = await sharp(file).extract({ left, top, width, height }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data) };
}

function meanAbsDiff(a: RgbaImage, b: RgbaImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / a.data.length / 255;
}

const at = (img: RgbaImage, x: number, y: number) => [...img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4)];

/** A port that sees only the given models (as on a host where the others are not installed). */
function portWith(ids: string[]): InferencePort {
  const dir = mkdtempSync(join(tmpdir(), 'cp-models-'));
  for (const id of ids) symlinkSync(join(MODELS, modelById(id).file), join(dir, modelById(id).file));
  return createNodePort({ modelsDir: dir });
}

describe('upscale', () => {
  const port = createNodePort();
  let photo: RgbaImage;
  beforeAll(async () => {
    photo = await crop(join(DEV, 'text/chelsea/clean.png'), 100, 60, 176, 144);
  });

  it('tiled output equals whole-image output within 1/255 mean absolute difference', async () => {
    const whole = await upscale(photo, { scale: 4, tileSize: 256 }, { port });
    let tiles = 0;
    const tiled = await upscale(
      photo,
      { scale: 4, tileSize: 128, overlap: 16 },
      { port, onProgress: (p) => p.detail?.startsWith('tile 1/') && (tiles = Number(p.detail.split('/')[1])) },
    );
    expect(tiles).toBe(4); // 2 x 2: overlaps across, down and at a corner
    expect(tiled.image.width).toBe(704);
    expect(meanAbsDiff(tiled.image, whole.image)).toBeLessThan(1 / 255);
  });

  it('makes x2, x3 and x4 outputs of the right size and keeps alpha', async () => {
    const small = await crop(join(DEV, 'text/chelsea/clean.png'), 200, 100, 24, 20);
    for (let y = 0; y < 20; y++) for (let x = 0; x < 12; x++) small.data[(y * 24 + x) * 4 + 3] = 0; // left half transparent
    for (const scale of [2, 3, 4] as const) {
      const { image, model } = await upscale(small, { scale }, { port });
      expect([image.width, image.height]).toEqual([24 * scale, 20 * scale]);
      expect(model.id).toBe(scale === 2 ? 'nomos-span-x2' : 'realesr-general-x4v3');
      expect(at(image, 2, 10 * scale)[3]).toBe(0);
      expect(at(image, 24 * scale - 3, 10 * scale)[3]).toBe(255);
      // Colour comes from the network, not from the transparent black pixels' neighbours.
      expect(
        at(image, 24 * scale - 3, 10 * scale)
          .slice(0, 3)
          .some((v) => v > 0),
      ).toBe(true);
    }
  });

  it('makes x2 from the x4 model, resampled, when Nomos SPAN is not installed', async () => {
    const small = await crop(join(DEV, 'text/chelsea/clean.png'), 200, 100, 24, 20);
    const native = await upscale(small, { scale: 2 }, { port });
    const viaX4 = await upscale(small, { scale: 2 }, { port: portWith(['realesr-general-x4v3']) });
    expect(viaX4.model.id).toBe('realesr-general-x4v3');
    expect([viaX4.image.width, viaX4.image.height]).toEqual([48, 40]);
    // Two different networks, same photo: close but not identical.
    expect(meanAbsDiff(viaX4.image, native.image)).toBeLessThan(12 / 255);
  });

  it('runs the fp16 model on float16 tensors with results matching fp32', async () => {
    const small = await crop(join(DEV, 'text/chelsea/clean.png'), 200, 100, 32, 24);
    const fp32 = await upscale(small, { scale: 4 }, { port });
    const fp16 = await upscale(small, { scale: 4, model: 'realesr-general-x4v3-fp16' }, { port });
    expect(fp16.model).toEqual({ id: 'realesr-general-x4v3-fp16', sha256: modelById('realesr-general-x4v3-fp16').sha256 });
    expect(meanAbsDiff(fp16.image, fp32.image)).toBeLessThan(1 / 255);
  });

  it('refuses an output too big for the memory budget before any work', async () => {
    const opened: string[] = [];
    const watching: InferencePort = { has: (id) => port.has(id), session: (id) => (opened.push(id), port.session(id)) };
    const photo24mp: RgbaImage = { width: 6000, height: 4000, data: new Uint8ClampedArray(6000 * 4000 * 4) };
    const err = await upscale(photo24mp, { scale: 4 }, { port: watching }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MemoryBudgetError);
    expect((err as Error).message).toMatch(
      /24000x16000 image \(384 MP\).*over the 1\.5 GB budget\. Choose a smaller scale or crop the photo first\./,
    );
    expect(opened).toEqual([]);
    await expect(upscale(photo, { scale: 4, memoryBudgetBytes: 1e6 }, { port })).rejects.toThrow(MemoryBudgetError);
  });

  it('refuses a x2-only model for x4 and an unknown model with a clear message', async () => {
    await expect(upscale(photo, { scale: 4, model: 'nomos-span-x2' }, { port })).rejects.toThrow(
      'enlarges x2 only; choose a x4 model for x4',
    );
    await expect(upscale(photo, { scale: 4, model: 'lama' }, { port })).rejects.toThrow('"lama" is not an upscaling model');
    await expect(upscale(photo, { scale: 4, overlap: 4 }, { port })).rejects.toThrow('overlap of at least 16 px');
    await expect(upscale(photo, { scale: 5 as 4 }, { port })).rejects.toThrow('scale must be 2, 3 or 4');
  });

  it('stops between tiles when cancelled', async () => {
    const controller = new AbortController();
    let started = 0;
    const job = upscale(
      photo,
      { scale: 4, model: 'realesr-animevideov3', tileSize: 64, overlap: 16 },
      {
        port,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.stage !== 'upscale' || p.fraction === 1) return;
          started++;
          if (started === 2) controller.abort();
        },
      },
    );
    await expect(job).rejects.toMatchObject({ name: 'AbortError' });
    expect(started).toBe(2);
  });
});
