// The runner's own logic: sequencing, one run per step, coordinate scaling after an
// upscale, mask fitting, refusals. The ops here are tiny exact stand-ins so every pixel
// is predictable; the real ops are exercised through the CLI end-to-end tests.
import { describe, expect, it } from 'vitest';
import { requireManifest } from './manifest.ts';
import type { Box, Mask, RgbaImage } from '../core/types.ts';
import type { StepOutcome } from './op.ts';
import { OpUnavailableError, runManifest, StepInputError } from './runner.ts';
import { OPS, type AnyOp, type OpId, type OpTable } from './table.ts';

const image = (width: number, height: number, v = 100): RgbaImage => ({
  width,
  height,
  data: new Uint8ClampedArray(width * height * 4).fill(v),
});

/** The table's op with its run replaced by a stand-in whose result is the outcome. */
const standIn = <P>(id: OpId, run: (img: RgbaImage, params: P) => Promise<StepOutcome>): AnyOp => ({ ...OPS[id], run, outcome: (r) => r });

/** Nearest-neighbour enlargement; paints masked pixels red; reports the region as a box. */
function standIns(calls: string[]): OpTable {
  return {
    detect_text: standIn('detect_text', async (img, { region }: { region?: Box }) => {
      calls.push(`detect ${region}`);
      return { boxes: [{ box: region ?? [0, 0, img.width, img.height], score: 0.9 }], model: { id: 'det', sha256: 'abc' }, backend: 'cpu' };
    }),
    remove_text: standIn('remove_text', async (img, { region, dilate, boxes }: { region?: Box; dilate?: number; boxes?: Box[] }) => {
      calls.push(`remove ${region} ${dilate}${boxes ? ` boxes ${boxes.join(' ')}` : ''}`);
      return { image: img, boxes: [], leftover: [{ box: [2, 2, 6, 4], score: 0.5 }] };
    }),
    inpaint: standIn('inpaint', async (img, { mask, engine }: { mask: Mask; engine?: string }) => {
      calls.push(`inpaint ${mask.data.filter((v) => v === 255).length}`);
      const data = img.data.slice();
      mask.data.forEach((v, i) => v && data.set([255, 0, 0, 255], i * 4));
      return { image: { ...img, data }, engine: engine ?? 'patchmatch' };
    }),
    upscale: standIn('upscale', async (img, { scale }: { scale: number }) => {
      calls.push(`upscale ${scale}`);
      const out = image(img.width * scale, img.height * scale);
      for (let y = 0; y < out.height; y++) {
        for (let x = 0; x < out.width; x++) {
          const from = (Math.floor(y / scale) * img.width + Math.floor(x / scale)) * 4;
          out.data.set(img.data.subarray(from, from + 4), (y * out.width + x) * 4);
        }
      }
      return { image: out, model: { id: 'sr', sha256: 'def' }, backend: 'cpu' };
    }),
  };
}

describe('runManifest', () => {
  it('runs every step in order and records one run per step', async () => {
    const calls: string[] = [];
    const m = requireManifest({
      steps: [
        { op: 'detect_text', region: [1, 1, 3, 3] },
        { op: 'inpaint', strokes: [{ points: [0, 0, 2, 2], width: 1, shape: 'rect' }], engine: 'diffusion' },
        { op: 'upscale', scale: 2 },
        { op: 'remove_text', region: [0, 0, 4, 2], dilate: 3, boxes: [[1, 0, 2, 1]] },
        { op: 'detect_text', region: [2, 2, 4, 4] },
      ],
    });
    const { image: out, runs } = await runManifest(image(4, 4), m, { ops: standIns(calls) });
    // Regions after the x2 upscale are doubled; boxes come back in source pixels.
    expect(calls).toEqual(['detect 1,1,3,3', 'inpaint 4', 'upscale 2', 'remove 0,0,8,4 3 boxes 2,0,4,2', 'detect 4,4,8,8']);
    expect(runs.map((r) => [r.step, r.op, r.engine, r.model?.id])).toEqual([
      [0, 'detect_text', undefined, 'det'],
      [1, 'inpaint', 'diffusion', undefined],
      [2, 'upscale', undefined, 'sr'],
      [3, 'remove_text', undefined, undefined],
      [4, 'detect_text', undefined, 'det'],
    ]);
    expect(runs[0].boxes).toEqual([[1, 1, 3, 3, 0.9]]);
    expect(runs[4].boxes).toEqual([[2, 2, 4, 4, 0.9]]);
    // Text left after remove_text is recorded, in source pixels, for a person to check.
    expect(runs[3].leftover).toEqual([[1, 1, 3, 2, 0.5]]);
    expect(runs.every((r) => r.ms >= 0)).toBe(true);
    expect([out.width, out.height]).toEqual([8, 8]);
    // The 2x2 red block at the top left became 4x4.
    expect(out.data[(3 * 8 + 3) * 4]).toBe(255);
    expect(out.data[(4 * 8 + 4) * 4]).toBe(100);
  });

  it('scales strokes and source-size masks after an upscale', async () => {
    const calls: string[] = [];
    const mask: Mask = { width: 4, height: 4, data: new Uint8Array(16) };
    mask.data[0] = 255;
    const m = requireManifest({
      steps: [
        { op: 'upscale', scale: 3 },
        { op: 'inpaint', mask: 'm.png' },
        { op: 'inpaint', strokes: [{ points: [0, 0, 1, 1], width: 1, shape: 'rect' }] },
      ],
    });
    await runManifest(image(4, 4), m, { ops: standIns(calls), loadMask: async () => mask });
    expect(calls).toEqual(['upscale 3', 'inpaint 9', 'inpaint 9']);
  });

  it('refuses a mask of the wrong size, naming the step and the sizes', async () => {
    const m = requireManifest({ steps: [{ op: 'inpaint', mask: 'm.png' }] });
    const mask: Mask = { width: 3, height: 4, data: new Uint8Array(12) };
    await expect(runManifest(image(4, 4), m, { ops: standIns([]), loadMask: async () => mask })).rejects.toThrow(
      new StepInputError('step 0 (inpaint): mask "m.png" is 3x4 but the image is 4x4'),
    );
  });

  it("takes a detect_text step's accepted boxes as its outcome instead of detecting again", async () => {
    const calls: string[] = [];
    const m = requireManifest({ steps: [{ op: 'detect_text', boxes: [[1, 1, 3, 3]] }, { op: 'detect_text' }] });
    const { runs } = await runManifest(image(4, 4), m, { ops: standIns(calls) });
    expect(calls).toEqual(['detect undefined']);
    expect(runs[0]).toEqual({ step: 0, op: 'detect_text', ms: expect.any(Number) });
  });

  it('takes regions and boxes in source pixels that are whole pixels of the image they apply to', async () => {
    const calls: string[] = [];
    const m = requireManifest({
      steps: [
        { op: 'upscale', scale: 3 },
        { op: 'remove_text', region: [1 / 3, 0, 3, 4 / 3], boxes: [[1, 2 / 3, 2, 1]] },
      ],
    });
    await runManifest(image(4, 4), m, { ops: standIns(calls) });
    expect(calls).toEqual(['upscale 3', 'remove 1,0,9,4 undefined boxes 3,2,6,3']);
    const fractional = requireManifest({ steps: [{ op: 'detect_text', region: [0.5, 0, 2, 2] }] });
    await expect(runManifest(image(4, 4), fractional, { ops: standIns([]) })).rejects.toThrow(
      new StepInputError('step 0 (detect_text): region [0.5, 0, 2, 2] must be whole pixels of the source'),
    );
  });

  it('labels an op failure with its step, keeping the error type', async () => {
    const ops = {
      ...standIns([]),
      upscale: standIn('upscale', async () => {
        throw new RangeError('too big');
      }),
    };
    const m = requireManifest({ steps: [{ op: 'detect_text' }, { op: 'upscale', scale: 2 }] });
    await expect(runManifest(image(4, 4), m, { ops })).rejects.toThrow(new RangeError('step 1 (upscale): too big'));
  });

  it('refuses a manifest needing an op the host lacks before running anything', async () => {
    const calls: string[] = [];
    const { upscale: _, ...ops } = standIns(calls);
    const m = requireManifest({ steps: [{ op: 'detect_text' }, { op: 'upscale', scale: 2 }] });
    await expect(runManifest(image(4, 4), m, { ops })).rejects.toThrow(OpUnavailableError);
    expect(calls).toEqual([]);
  });

  it('stops between steps when cancelled', async () => {
    const calls: string[] = [];
    const controller = new AbortController();
    const m = requireManifest({ steps: [{ op: 'detect_text' }, { op: 'detect_text' }] });
    const run = runManifest(image(4, 4), m, {
      ops: standIns(calls),
      ctx: { signal: controller.signal },
      onStep: (i) => i === 0 && controller.abort(),
    });
    await expect(run).rejects.toThrow(/cancelled/);
    expect(calls.length).toBe(1);
  });
});
