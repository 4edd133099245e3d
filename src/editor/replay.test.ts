// Replay into the store: one undoable entry per step, each step's image kept, runs recorded.
// The steps run on the real inpaint op (built-in engines, pure TypeScript) in this process.
import { describe, expect, it } from 'vitest';
import { requireManifest } from '../core/manifest/index.ts';
import type { RgbaImage } from '../core/types.ts';
import { inpaintStep } from '../ops/inpaint-steps.ts';
import type { StepOps } from '../ops/runner.ts';
import type { DocumentImage } from './edits.ts';
import type { PixelIO } from './pixels.ts';
import { applyReplay, replayEdit, replaySteps } from './replay.ts';
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
    const file = { name: 'g.png', format: 'png' as const, mime: 'image/png', bytes: 1, sha256: 'a'.repeat(64), width: 64, height: 64, hasAlpha: false };
    applyReplay(store, file, original, steps);
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

  it('turns a detect_text step into a mask edit of its boxes, as the Detect text action does', () => {
    const before = { width: 100, height: 50, source: {} as CanvasImageSource };
    const edit = replayEdit({ step: { op: 'detect_text' }, run: { step: 0, op: 'detect_text', ms: 5 }, boxes: [{ box: [10, 10, 40, 20], score: 0.9 }] }, before, 100);
    expect(edit).toEqual({ kind: 'mask', label: 'Detect text', strokes: [{ points: [8, 8, 42, 22], width: 1, shape: 'rect' }] });
  });

  it('stops when cancelled, before the next step', async () => {
    const controller = new AbortController();
    let started = 0;
    const counting: StepOps = { ...ops, inpaint: async (...args) => { started++; controller.abort(new DOMException('Cancelled by the user.', 'AbortError')); return inpaintStep(...args); } };
    await expect(replaySteps({ source: gradient(32, 32), manifest, ops: counting, pixels, ctx: { signal: controller.signal } })).rejects.toMatchObject({ name: 'AbortError' });
    expect(started).toBe(1);
  });
});
