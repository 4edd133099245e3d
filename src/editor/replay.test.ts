// Replay into the store: one undoable entry per step, each step's image kept, runs recorded.
// The steps run as the worker runs them (runSteps) on the real inpaint op (built-in engines,
// pure TypeScript) in this process; the page takes the worker's results (replayedSteps).
import { describe, expect, it } from 'vitest';
import { requireManifest, type Manifest } from '../ops/manifest.ts';
import type { Mask, RgbaImage } from '../core/types.ts';
import { runManifest } from '../ops/runner.ts';
import { OPS, type OpTable } from '../ops/table.ts';
import { resizeRgba } from '../core/resample.ts';
import type { ReplayedStepResult } from '../worker/protocol.ts';
import { gradient, inpaintOnly, twoInpaints } from '../test-fixtures/replay-fixtures.ts';
import { runSteps } from '../worker/replay-steps.ts';
import type { DocumentImage } from './edits.ts';
import { workerPixels } from './pixels.ts';
import { applyReplay, replayEdit, replayedSteps } from './replay.ts';
import { buildManifest, executedSteps, manifestDownload } from './manifest.ts';
import { liveStrokes } from './edits.ts';
import { toImageStep } from './step-pixels.ts';
import { createEditorStore } from './store.ts';

/** Document images (and worker bitmaps) that hold their RGBA (the browser's are ImageBitmaps). */
const holding = (rgba: RgbaImage) => ({ rgba }) as unknown as ImageBitmap;
const doc = (rgba: RgbaImage, opaque?: boolean): DocumentImage => ({
  width: rgba.width,
  height: rgba.height,
  source: holding(rgba),
  ...(opaque ? { opaque } : {}),
});
const rgbaOf = (image: DocumentImage) => (image.source as unknown as { rgba: RgbaImage }).rgba;

const file64 = {
  name: 'g.png',
  format: 'png' as const,
  mime: 'image/png',
  bytes: 1,
  sha256: 'a'.repeat(64),
  width: 64,
  height: 64,
  hasAlpha: false,
};
const ops = inpaintOnly;
const manifest = twoInpaints;

/** The steps run as the worker runs them, returned as the worker returns them (each image kept under an id, shown by a bitmap). */
async function replayed(original: DocumentImage, m: Manifest, loadMask?: (path: string) => Promise<Mask>) {
  const outputs = await runSteps({ source: rgbaOf(original), manifest: m, ops, loadMask });
  const results: ReplayedStepResult[] = outputs.map(({ image, ...rest }, i) =>
    image ? { ...rest, image: { pixelsId: `w-${i}`, width: image.width, height: image.height, bitmap: holding(image) } } : rest,
  );
  return replayedSteps(m, results, original, workerPixels);
}

describe('replay', () => {
  it("takes each step's image from the worker by id, opaque as the image before it", async () => {
    const original = doc(gradient(64, 64), true);
    const steps = await replayed(original, manifest);
    expect(steps.map((r) => [r.run.step, r.run.op, r.run.engine])).toEqual([
      [0, 'inpaint', 'patchmatch'],
      [1, 'inpaint', 'diffusion'],
    ]);
    expect(steps.map((r) => r.image && { id: r.image.pixelsId, opaque: r.image.opaque })).toEqual([
      { id: 'w-0', opaque: true },
      { id: 'w-1', opaque: true },
    ]);
    expect(rgbaOf(steps[0].image!).data).not.toEqual(rgbaOf(original).data);
    expect(steps.map((r) => r.step)).toEqual(manifest.steps);
  });

  it('opens the source with one undoable entry per step, and undo walks back to the source', async () => {
    const original = doc(gradient(64, 64));
    const steps = await replayed(original, manifest);
    const store = createEditorStore();
    applyReplay(store, file64, original, steps);
    const s = store.getState();
    expect(s.history.done.map((e) => e.kind)).toEqual(['replace-pixels', 'replace-pixels']);
    expect(s.doc!.image).toBe(steps[1].image);
    expect(s.history.done[0]).toMatchObject({ step: manifest.steps[0], run: { engine: 'patchmatch' } });
    s.undo();
    s.undo();
    expect(store.getState().doc!.image).toBe(original);
  });

  it('a step that cannot become a history entry leaves the open document as it was', async () => {
    const store = createEditorStore();
    const open = doc(gradient(16, 16));
    store.getState().openDocument(file64, open);
    const before = store.getState().doc;
    const steps = await replayed(doc(gradient(64, 64)), manifest);
    delete steps[1].image; // a pixel step without its image
    expect(() => applyReplay(store, file64, doc(gradient(64, 64)), steps)).toThrow('step 1 (inpaint) gave no image');
    expect(store.getState().doc).toBe(before);
  });

  it('turns a detect_text step into a mask edit of the boxes it found, recording the step and its run', () => {
    const before = { width: 100, height: 50, source: {} as CanvasImageSource };
    const edit = replayEdit(
      {
        step: { op: 'detect_text' },
        run: { step: 0, op: 'detect_text', ms: 5, boxes: [[10, 10, 40, 20, 0.9]] },
        boxes: [{ box: [10, 10, 40, 20], score: 0.9 }],
      },
      before,
      100,
    );
    expect(edit).toEqual({
      kind: 'mask',
      label: 'Text boxes',
      strokes: [{ points: [8, 8, 42, 22], width: 1, shape: 'rect' }],
      step: { op: 'detect_text' },
      run: { ms: 5, boxes: [[10, 10, 40, 20, 0.9]] },
    });
  });

  it('masks the accepted boxes a detect_text step carries, in the pixels of an upscaled image', () => {
    const before = { width: 200, height: 100, source: {} as CanvasImageSource };
    const edit = replayEdit(
      { step: { op: 'detect_text', boxes: [[10, 10, 40, 20]] }, run: { step: 1, op: 'detect_text', ms: 0 } },
      before,
      100,
    );
    expect(edit).toMatchObject({
      kind: 'mask',
      strokes: [{ points: [18, 18, 82, 42], width: 1, shape: 'rect' }],
      step: { op: 'detect_text', boxes: [[20, 20, 80, 40]] },
    });
  });

  it('an imported manifest re-exports with the same steps: accepted text boxes, strokes and mask files', async () => {
    const detected = {
      step: 0,
      op: 'detect_text' as const,
      ms: 812,
      backend: 'wasm',
      model: { id: 'ppocr-v3-det-ch', sha256: 'c'.repeat(64) },
      boxes: [[4, 4, 20, 12, 0.91]] as [number, number, number, number, number][],
    };
    const imported = requireManifest({
      steps: [
        {
          op: 'detect_text',
          boxes: [
            [4, 4, 20, 12],
            [30, 30, 40, 36],
          ],
        },
        { op: 'inpaint', engine: 'patchmatch', strokes: [{ points: [2, 2, 22, 14], width: 1, shape: 'rect' }] },
        { op: 'inpaint', engine: 'diffusion', mask: 'masks/hand-made.png' },
      ],
      result: { file: 'r.png', sha256: 'd'.repeat(64), width: 64, height: 64, runs: [detected] },
    });
    const handMade = { width: 64, height: 64, data: new Uint8Array(64 * 64).fill(255, 64 * 40, 64 * 44) };
    const original = doc(gradient(64, 64));
    const steps = await replayed(original, imported, async () => handMade);
    const store = createEditorStore();
    applyReplay(store, file64, original, steps);
    const done = store.getState().history.done;
    expect(done.map((e) => e.kind)).toEqual(['mask', 'replace-pixels', 'replace-pixels']);

    const again = executedSteps(done, 64);
    expect(again.steps).toEqual([imported.steps[0], imported.steps[1], { op: 'inpaint', engine: 'diffusion', mask: 'masks/step-2.png' }]);
    expect(again.masks[2]).toBe(handMade);
    expect(again.runs[0]).toEqual(detected); // nothing ran again: the detection keeps its record
    expect(again.runs.slice(1).map((r) => [r.step, r.op, r.engine])).toEqual([
      [1, 'inpaint', 'patchmatch'],
      [2, 'inpaint', 'diffusion'],
    ]);
    // Editing continues: a new stroke and Remove add one step after the imported ones.
    store.getState().beginStroke(10, 50, false);
    store.getState().endGesture();
    expect(executedSteps(store.getState().history.done, 64).steps).toHaveLength(3);
    expect(buildManifest(store.getState().doc!, store.getState().history.done).steps).toHaveLength(4);
    // "Download manifest" names the imported mask beside it and hands over that very mask to download.
    const { manifest, masks } = manifestDownload(store.getState().doc!, store.getState().history.done);
    const name = `${file64.name.replace(/\.[^.]*$/, '')}.step-2.mask.png`;
    expect(manifest.steps[2]).toEqual({ op: 'inpaint', engine: 'diffusion', mask: name });
    expect(masks).toEqual({ [name]: handMade });
  });
});

describe('strokes drawn after an upscale x3', () => {
  /** Nearest-neighbour enlargement: any upscale does here, only the sizes matter to the mask. */
  const enlarge = async (image: RgbaImage, { scale }: { scale: number }) => ({
    image: resizeRgba(image, image.width * scale, image.height * scale),
  });

  it.each([1, 2, 3, 4, 5])('replay rasterises the very mask the operator painted (random strokes, seed %i)', async (seed) => {
    const store = createEditorStore();
    store.getState().setViewSize(400, 300);
    const source = gradient(37, 23);
    store.getState().openDocument({ ...file64, width: 37, height: 23 }, doc(source));
    const big = doc((await enlarge(source, { scale: 3 })).image);
    store.getState().apply({ kind: 'replace-pixels', step: { op: 'upscale', scale: 3 }, before: store.getState().doc!.image, after: big });

    // Brush, erase and rectangles at random fractional positions and sizes, as pointers give them.
    let t = seed * 7919;
    const next = () => (t = (t * 48271) % 2147483647) / 2147483647;
    const s = store.getState();
    for (let i = 0; i < 40; i++) {
      s.setBrushSize(1 + Math.floor(next() * 25));
      if (i % 5 === 4) {
        s.beginRect(next() * 111, next() * 69);
        s.extendRect(next() * 111, next() * 69);
      } else {
        s.beginStroke(next() * 111, next() * 69, i % 7 === 6);
        for (let j = 0; j < 6; j++) s.extendStroke(next() * 111, next() * 69);
      }
      s.endGesture();
    }
    const painted = s.mask!.data.slice();
    expect(painted.some((v) => v === 255)).toBe(true);
    const drawn = liveStrokes(store.getState().history.done);
    s.apply({ kind: 'replace-pixels', step: { op: 'inpaint', strokes: drawn }, before: big, after: big });

    // Export (source pixels, through JSON as a manifest travels), then replay on the runner.
    const { steps } = executedSteps(store.getState().history.done, 37);
    expect(steps[1]).toMatchObject({ op: 'inpaint', strokes: expect.any(Array) });
    const manifest = requireManifest(JSON.parse(JSON.stringify({ steps })));
    // Every coordinate comes back bit for bit (as the runner scales it: times 3)...
    expect(toImageStep(manifest.steps[1], 3).strokes).toEqual(drawn);
    let replayed: Uint8Array | null = null;
    const capture: OpTable = {
      upscale: { ...OPS.upscale, run: enlarge, outcome: (r) => r },
      inpaint: {
        ...OPS.inpaint,
        run: async (image: RgbaImage, { mask }: { mask: Mask }) => {
          replayed = mask.data.slice();
          return { image };
        },
        outcome: (r) => r,
      },
    };
    await runManifest(source, manifest, { ops: capture });
    // ...so the runner rasterises the very mask the operator saw.
    expect(replayed).toEqual(painted);
  });
});
