// The MI-GAN and LaMa adapters on stand-in ONNX graphs with the real models' signatures,
// run by the real onnxruntime-node: mask polarity, value ranges, crop/resize/paste.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { STANDIN_HOLE_RGB, writeStandins, type StandinFiles } from '../../../models/standins/make-standins.ts';
import { dilate } from '../../core/mask-ops.ts';
import type { Mask } from '../../core/types.ts';
import type { InferencePort, ModelSession, PortTensor } from '../port.ts';
import { inpaint } from './index.ts';
import { rectMask, texturedImage } from '../../test-fixtures/test-images.ts';

/** An InferencePort over onnxruntime-node for model files at known paths. */
function filePort(files: Record<string, string>): InferencePort {
  return {
    has: async (id) => id in files,
    async session(id): Promise<ModelSession> {
      const s = await ort.InferenceSession.create(files[id]);
      return {
        modelId: id,
        backend: 'cpu',
        inputNames: s.inputNames,
        outputNames: s.outputNames,
        async run(feeds) {
          const input: Record<string, ort.Tensor> = {};
          for (const [k, t] of Object.entries(feeds)) input[k] = new ort.Tensor(t.type, t.data as Float32Array, t.dims);
          const out = await s.run(input);
          const result: Record<string, PortTensor> = {};
          for (const [k, t] of Object.entries(out))
            result[k] = { type: t.type as PortTensor['type'], data: t.data as Float32Array, dims: [...t.dims] };
          return result;
        },
      };
    },
  };
}

let files: StandinFiles;
beforeAll(() => {
  files = writeStandins(mkdtempSync(join(tmpdir(), 'cleanplate-standins-')));
});

const photo = texturedImage(300, 200);
const mask = rectMask(300, 200, [120, 80, 160, 110]);
const settings = { dilate: 2, feather: 3 };

function pixel(i: number, img = photo) {
  return [img.data[i * 4], img.data[i * 4 + 1], img.data[i * 4 + 2]];
}

/** Pixels of the dilated hole at least `inset` px inside it. */
function holeCore(m: Mask, grow: number, inset: number): number[] {
  const grown = dilate(m, grow);
  const outside: Mask = { width: m.width, height: m.height, data: grown.data.map((v) => 255 - v) };
  const nearEdge = dilate(outside, inset);
  return [...grown.data.keys()].filter((i) => grown.data[i] && !nearEdge.data[i]);
}

function expectUntouchedBeyond(result: typeof photo, reach: number) {
  const near = dilate(mask, reach);
  for (let i = 0; i < near.data.length; i++) if (!near.data[i]) expect(pixel(i, result)).toEqual(pixel(i));
}

describe('MI-GAN adapter (uint8, 255 = keep)', () => {
  it('is chosen automatically when installed, fills the hole with the model output and keeps the rest', async () => {
    const port = filePort({ migan: files.migan });
    const { image, runs } = await inpaint(photo, mask, settings, { port });
    expect(runs).toEqual([expect.objectContaining({ engine: 'migan', modelId: 'migan' })]);
    expect(runs[0].resizedTo).toBeUndefined(); // any size: the crop goes in at full resolution
    // The stripes around this exact mask are no halo, so the hole is the mask itself.
    for (const i of holeCore(mask, 0, 0)) expect(pixel(i, image)).toEqual([...STANDIN_HOLE_RGB]);
    // The model kept every non-hole pixel, so the feather ramp changes nothing either.
    expectUntouchedBeyond(image, 2);
  });
});

describe('LaMa adapter (fixed 512, float, 1 = hole)', () => {
  for (const variant of ['lama', 'lama255'] as const) {
    it(`squares and resizes the crop to 512 and back, and reads the output range (${variant === 'lama' ? '0..1' : '0..255'})`, async () => {
      const port = filePort({ lama: files[variant], migan: files.migan });
      const { image, runs } = await inpaint(photo, mask, settings, { port });
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ engine: 'lama', modelId: 'lama', resizedTo: [512, 512] });
      const [x0, y0, x1, y1] = runs[0].box;
      expect(x1 - x0).toBe(y1 - y0);
      for (const i of holeCore(mask, 2, 2)) {
        const got = pixel(i, image);
        got.forEach((v, c) => expect(Math.abs(v - STANDIN_HOLE_RGB[c])).toBeLessThanOrEqual(1));
      }
      expectUntouchedBeyond(image, 2 + 3);
    });
  }

  it('the operator can still choose the built-in engine when models are installed', async () => {
    const port = filePort({ lama: files.lama, migan: files.migan });
    const { runs } = await inpaint(photo, mask, { ...settings, engine: 'patchmatch' }, { port });
    expect(runs.map((r) => r.engine)).toEqual(['patchmatch']);
    const m = await inpaint(photo, mask, { ...settings, engine: 'migan' }, { port });
    expect(m.runs.map((r) => r.engine)).toEqual(['migan']);
  });
});
