// The replay the pipeline worker runs, on the real inpaint op (built-in engines, pure
// TypeScript) in this process: each step's image and run kept, the input never written to,
// a failing or cancelled step stops everything, mask files kept as read.
import { describe, expect, it } from 'vitest';
import { requireManifest } from '../ops/manifest.ts';
import { inpaintOp, type InpaintParams } from '../ops/inpaint/op.ts';
import type { OpContext } from '../ops/context.ts';
import type { RgbaImage } from '../core/types.ts';
import type { OpTable } from '../ops/table.ts';
import { gradient, inpaintOnly, twoInpaints } from '../test-fixtures/replay-fixtures.ts';
import { runSteps } from './replay-steps.ts';

const ops = inpaintOnly;

/** The real inpaint op, then `after` (e.g. scribbling into its inputs as an op may). */
const inpaintThen = (after: (image: RgbaImage, params: InpaintParams) => void): OpTable => ({
  ...ops,
  inpaint: {
    ...inpaintOp,
    run: async (image: RgbaImage, params: InpaintParams, ctx: OpContext) => {
      const out = await inpaintOp.run(image, params, ctx);
      after(image, params);
      return out;
    },
  },
});
const manifest = twoInpaints;

describe("runSteps (the worker's replay)", () => {
  it("keeps each step's image and run; the same manifest gives the same pixels twice", async () => {
    const source = gradient(64, 64);
    const a = await runSteps({ source, manifest, ops });
    const b = await runSteps({ source, manifest, ops });
    expect(a.map((r) => [r.run.step, r.run.op, r.run.engine])).toEqual([
      [0, 'inpaint', 'patchmatch'],
      [1, 'inpaint', 'diffusion'],
    ]);
    expect(a[1].image!.data).toEqual(b[1].image!.data);
    expect(a[0].image!.data).not.toEqual(source.data);
    expect(a[1].image!.data).not.toEqual(a[0].image!.data);
  });

  it("never writes into the source or an earlier step's image (the worker keeps them as results)", async () => {
    const source = gradient(64, 64);
    const pristine = source.data.slice();
    const scribbling = inpaintThen((image) => image.data.fill(7)); // an op may write into its input
    const steps = await runSteps({ source, manifest, ops: scribbling });
    const clean = await runSteps({ source, manifest, ops });
    expect(source.data).toEqual(pristine);
    expect(steps[0].image!.data).toEqual(clean[0].image!.data);
  });

  it('stops at a failing step, naming it, and returns nothing', async () => {
    const broken = requireManifest({
      steps: [
        { op: 'inpaint', strokes: [{ points: [1, 1], width: 2 }] },
        { op: 'upscale', scale: 2 },
      ],
    });
    await expect(runSteps({ source: gradient(16, 16), manifest: broken, ops })).rejects.toThrow('step 1 (upscale): not used here');
  });

  it('stops when cancelled, before the next step, and tells each step as it starts', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const cancelling: OpTable = {
      ...ops,
      inpaint: {
        ...inpaintOp,
        run: async (image: RgbaImage, params: InpaintParams, ctx: OpContext) => {
          controller.abort(new DOMException('Cancelled by the user.', 'AbortError'));
          return inpaintOp.run(image, params, ctx);
        },
      },
    };
    await expect(
      runSteps({
        source: gradient(32, 32),
        manifest,
        ops: cancelling,
        ctx: { signal: controller.signal },
        onStep: (i, s) => started.push(`${i} ${s.op}`),
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(started).toEqual(['0 inpaint']);
  });

  it('keeps a mask file as read, next to the step that used it, even when the op writes into its mask', async () => {
    const withFile = requireManifest({ steps: [{ op: 'inpaint', engine: 'diffusion', mask: 'masks/m.png' }] });
    const read = { width: 32, height: 32, data: new Uint8Array(32 * 32).fill(255, 32 * 10, 32 * 14) };
    const pristine = read.data.slice();
    const scribbling = inpaintThen((_image, { mask }) => mask.data.fill(0));
    const [step] = await runSteps({ source: gradient(32, 32), manifest: withFile, ops: scribbling, loadMask: async () => read });
    expect(step.mask).toBe(read);
    expect(step.mask!.data).toEqual(pristine);
    expect(step.run).toMatchObject({ step: 0, op: 'inpaint', engine: 'diffusion' });
  });
});
