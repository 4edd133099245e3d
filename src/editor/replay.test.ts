// Replay into the store: one undoable entry per step, each step's image kept, runs recorded.
// The steps run on the real inpaint op (built-in engines, pure TypeScript) in this process.
import { describe, expect, it } from 'vitest';
import { requireManifest } from '../core/manifest/index.ts';
import type { RgbaImage } from '../core/types.ts';
import { inpaintStep } from '../ops/inpaint-steps.ts';
import { runManifest, type StepOps } from '../ops/runner.ts';
import { resizeRgba } from '../core/resample.ts';
import type { DocumentImage } from './edits.ts';
import type { PixelIO } from './pixels.ts';
import { applyReplay, replayEdit, replaySteps } from './replay.ts';
import { buildManifest, executedSteps } from './manifest.ts';
import { liveStrokes } from './edits.ts';
import { toImageStep } from './step-pixels.ts';
import { createEditorStore } from './store.ts';

/** Document images that hold their RGBA (the browser's hold an ImageBitmap). */
const pixels: PixelIO = {
  read: (image) => (image.source as unknown as { rgba: RgbaImage }).rgba,
  write: async (rgba) => ({ width: rgba.width, height: rgba.height, source: { rgba } as unknown as CanvasImageSource }),
};
const rgbaOf = (image: DocumentImage) => pixels.read(image);

function gradient(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([(i % width) * 4, (i / width) * 4, 90, 255], i * 4);
  return { width, height, data };
}

const file64 = { name: 'g.png', format: 'png' as const, mime: 'image/png', bytes: 1, sha256: 'a'.repeat(64), width: 64, height: 64, hasAlpha: false };
const unsupported = async () => { throw new Error('not used here'); };
const ops: StepOps = { inpaint: inpaintStep, detect_text: unsupported, remove_text: unsupported, upscale: unsupported };
const manifest = requireManifest({
  steps: [
    { op: 'inpaint', engine: 'patchmatch', strokes: [{ points: [10, 10, 30, 20], width: 6 }] },
    { op: 'inpaint', engine: 'diffusion', strokes: [{ points: [40, 40, 50, 50], width: 1, shape: 'rect' }] },
  ],
});

describe('replay', () => {
  it('keeps each step\'s image and run; the same manifest gives the same pixels twice', async () => {
    const source = gradient(64, 64);
    const a = await replaySteps({ source, manifest, ops, pixels });
    const b = await replaySteps({ source, manifest, ops, pixels });
    expect(a.map((r) => [r.run.step, r.run.op, r.run.engine])).toEqual([[0, 'inpaint', 'patchmatch'], [1, 'inpaint', 'diffusion']]);
    expect(rgbaOf(a[1].image!).data).toEqual(rgbaOf(b[1].image!).data);
    expect(rgbaOf(a[0].image!).data).not.toEqual(source.data);
  });

  it('opens the source with one undoable entry per step, and undo walks back to the source', async () => {
    const source = gradient(64, 64);
    const steps = await replaySteps({ source, manifest, ops, pixels });
    const store = createEditorStore();
    const original = await pixels.write(source);
    applyReplay(store, file64, original, steps);
    const s = store.getState();
    expect(s.history.done.map((e) => e.kind)).toEqual(['replace-pixels', 'replace-pixels']);
    expect(s.doc!.image).toBe(steps[1].image);
    expect(s.history.done[0]).toMatchObject({ step: manifest.steps[0], run: { engine: 'patchmatch' } });
    s.undo();
    s.undo();
    expect(store.getState().doc!.image).toBe(original);
  });

  it('stops at a failing step, naming it, and keeps nothing', async () => {
    const broken = requireManifest({ steps: [{ op: 'inpaint', strokes: [{ points: [1, 1], width: 2 }] }, { op: 'upscale', scale: 2 }] });
    await expect(replaySteps({ source: gradient(16, 16), manifest: broken, ops, pixels })).rejects.toThrow('step 1 (upscale): not used here');
  });

  it('turns a detect_text step into a mask edit of the boxes it found, recording the step and its run', () => {
    const before = { width: 100, height: 50, source: {} as CanvasImageSource };
    const edit = replayEdit({ step: { op: 'detect_text' }, run: { step: 0, op: 'detect_text', ms: 5, boxes: [[10, 10, 40, 20, 0.9]] }, boxes: [{ box: [10, 10, 40, 20], score: 0.9 }] }, before, 100);
    expect(edit).toEqual({
      kind: 'mask', label: 'Text boxes', strokes: [{ points: [8, 8, 42, 22], width: 1, shape: 'rect' }],
      step: { op: 'detect_text' }, run: { ms: 5, boxes: [[10, 10, 40, 20, 0.9]] },
    });
  });

  it('masks the accepted boxes a detect_text step carries, in the pixels of an upscaled image', () => {
    const before = { width: 200, height: 100, source: {} as CanvasImageSource };
    const edit = replayEdit({ step: { op: 'detect_text', boxes: [[10, 10, 40, 20]] }, run: { step: 1, op: 'detect_text', ms: 0 } }, before, 100);
    expect(edit).toMatchObject({ kind: 'mask', strokes: [{ points: [18, 18, 82, 42], width: 1, shape: 'rect' }], step: { op: 'detect_text', boxes: [[20, 20, 80, 40]] } });
  });

  it('stops when cancelled, before the next step', async () => {
    const controller = new AbortController();
    let started = 0;
    const counting: StepOps = { ...ops, inpaint: async (...args) => { started++; controller.abort(new DOMException('Cancelled by the user.', 'AbortError')); return inpaintStep(...args); } };
    await expect(replaySteps({ source: gradient(32, 32), manifest, ops: counting, pixels, ctx: { signal: controller.signal } })).rejects.toMatchObject({ name: 'AbortError' });
    expect(started).toBe(1);
  });

  it('an imported manifest re-exports with the same steps: accepted text boxes, strokes and mask files', async () => {
    const detected = { step: 0, op: 'detect_text' as const, ms: 812, backend: 'wasm', model: { id: 'ppocr-v3-det-ch', sha256: 'c'.repeat(64) }, boxes: [[4, 4, 20, 12, 0.91]] as [number, number, number, number, number][] };
    const imported = requireManifest({
      steps: [
        { op: 'detect_text', boxes: [[4, 4, 20, 12], [30, 30, 40, 36]] },
        { op: 'inpaint', engine: 'patchmatch', strokes: [{ points: [2, 2, 22, 14], width: 1, shape: 'rect' }] },
        { op: 'inpaint', engine: 'diffusion', mask: 'masks/hand-made.png' },
      ],
      result: { file: 'r.png', sha256: 'd'.repeat(64), width: 64, height: 64, runs: [detected] },
    });
    const handMade = { width: 64, height: 64, data: new Uint8Array(64 * 64).fill(255, 64 * 40, 64 * 44) };
    const steps = await replaySteps({ source: gradient(64, 64), manifest: imported, ops, pixels, loadMask: async () => handMade });
    const store = createEditorStore();
    applyReplay(store, file64, await pixels.write(gradient(64, 64)), steps);
    const done = store.getState().history.done;
    expect(done.map((e) => e.kind)).toEqual(['mask', 'replace-pixels', 'replace-pixels']);

    const again = executedSteps(done, 64);
    expect(again.steps).toEqual([imported.steps[0], imported.steps[1], { op: 'inpaint', engine: 'diffusion', mask: 'masks/step-2.png' }]);
    expect(again.masks[2]).toBe(handMade);
    expect(again.runs[0]).toEqual(detected); // nothing ran again: the detection keeps its record
    expect(again.runs.slice(1).map((r) => [r.step, r.op, r.engine])).toEqual([[1, 'inpaint', 'patchmatch'], [2, 'inpaint', 'diffusion']]);
    // Editing continues: a new stroke and Remove add one step after the imported ones.
    store.getState().beginStroke(10, 50, false);
    store.getState().endGesture();
    expect(executedSteps(store.getState().history.done, 64).steps).toHaveLength(3);
    expect(buildManifest(store.getState().doc!, store.getState().history.done).steps).toHaveLength(4);
  });
});

describe('strokes drawn after an upscale x3', () => {
  /** Nearest-neighbour enlargement: any upscale does here, only the sizes matter to the mask. */
  const enlarge = async (image: RgbaImage, { scale }: { scale: number }) => ({ image: resizeRgba(image, image.width * scale, image.height * scale) });

  it.each([1, 2, 3, 4, 5])('replay rasterises the very mask the operator painted (random strokes, seed %i)', async (seed) => {
    const store = createEditorStore();
    store.getState().setViewSize(400, 300);
    const source = gradient(37, 23);
    store.getState().openDocument({ ...file64, width: 37, height: 23 }, await pixels.write(source));
    const big = await pixels.write((await enlarge(source, { scale: 3 })).image);
    store.getState().apply({ kind: 'replace-pixels', step: { op: 'upscale', scale: 3 }, before: store.getState().doc!.image, after: big });

    // Brush, erase and rectangles at random fractional positions and sizes, as pointers give them.
    let t = seed * 7919;
    const next = () => ((t = (t * 48271) % 2147483647) / 2147483647);
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
    const capture: StepOps = { ...ops, upscale: enlarge, inpaint: async (image, mask) => { replayed = mask.data.slice(); return { image }; } };
    await runManifest(source, manifest, { ops: capture });
    // ...so the runner rasterises the very mask the operator saw.
    expect(replayed).toEqual(painted);
  });
});
