// Operation actions against a stand-in worker client and plain pixel buffers: what the editor
// does with a job's result (one undoable edit, manifest steps, cancel, failure). The real
// worker runs in e2e/editor-operations.spec.ts.
import { describe, expect, it } from 'vitest';
import type { RgbaImage, ScoredBox } from '../core/types.ts';
import type { ActionContext } from './actions.ts';
import type { DocumentImage } from './edits.ts';
import { buildManifest } from './manifest.ts';
import { operationActions, type OperationsClient } from './operations.ts';
import type { PixelIO } from './pixels.ts';
import { createEditorStore } from './store.ts';

const pixels: PixelIO = {
  read: (img) => ({ width: img.width, height: img.height, data: new Uint8ClampedArray(img.width * img.height * 4) }),
  write: async (img) => ({ width: img.width, height: img.height, source: {} as CanvasImageSource }),
};

function setup(client: Partial<OperationsClient>) {
  const store = createEditorStore();
  store.getState().setViewSize(800, 600);
  const image: DocumentImage = { width: 100, height: 80, source: {} as CanvasImageSource };
  store.getState().openDocument({ name: 'p.png', format: 'png', mime: 'image/png', bytes: 1, sha256: '0'.repeat(64), hasAlpha: false, width: 100, height: 80 }, image);
  const actions = operationActions(client as OperationsClient, pixels);
  const ctx = { store, host: { pickFile: async () => null, download: () => {} } } as ActionContext;
  const run = (id: string) => actions.find((a) => a.id === id)!.run(ctx);
  return { store, run, image };
}

const painted = (data: Uint8Array) => data.reduce((n, v) => n + (v ? 1 : 0), 0);

describe('Detect text', () => {
  it('masks every box (padded) as one undoable step, and the manifest replays it', async () => {
    const boxes: ScoredBox[] = [{ box: [10, 10, 30, 20], score: 0.9 }, { box: [90, 70, 100, 80], score: 0.8 }];
    let seen: RgbaImage | null = null;
    const { store, run } = setup({ detectText: async (img) => { seen = img(); return { value: { boxes } }; } });
    await run('detect-text');
    expect(seen!.width).toBe(100);
    const { mask, history } = store.getState();
    expect(painted(mask!.data)).toBe(24 * 14 + 12 * 12); // 2 px padding, clipped at the image edge
    expect(history.done.map((e) => e.kind)).toEqual(['mask']);
    store.getState().undo();
    expect(painted(store.getState().mask!.data)).toBe(0);
    store.getState().redo();
    const m = buildManifest(store.getState().doc!, store.getState().history.done);
    expect(m.steps).toEqual([{ op: 'inpaint', strokes: [
      { points: [8, 8, 32, 22], width: 1, shape: 'rect' },
      { points: [88, 68, 100, 80], width: 1, shape: 'rect' },
    ] }]);
  });

  it('says so when no text is found, and reports a failure without changing anything', async () => {
    const none = setup({ detectText: async () => ({ value: { boxes: [] } }) });
    await none.run('detect-text');
    expect(none.store.getState().notices.at(-1)?.title).toBe('No text found.');
    const failing = setup({ detectText: async () => { throw new Error('model file missing'); } });
    await failing.run('detect-text');
    expect(failing.store.getState().notices.at(-1)).toMatchObject({ kind: 'error', title: 'Detect text failed.', detail: 'model file missing' });
    expect(failing.store.getState().history.done).toHaveLength(0);
    expect(failing.store.getState().job).toBeNull();
  });

  it('cancels through the job signal', async () => {
    const { store, run } = setup({
      detectText: (_img, _o, opts) => new Promise((_, reject) => opts.signal!.addEventListener('abort', () => reject(Object.assign(new Error('x'), { kind: 'cancelled' })))),
    });
    const pending = run('detect-text');
    expect(store.getState().job?.label).toBe('Detect text');
    store.getState().cancelJob();
    await pending;
    expect(store.getState().job).toBeNull();
    expect(store.getState().notices.at(-1)?.title).toBe('Detect text: cancelled.');
  });
});

describe('Upscale', () => {
  it('replaces the pixels at the new size as one undoable step, recorded in the manifest', async () => {
    const { store, run, image } = setup({
      upscale: async (img, { scale }) => {
        const src = img();
        return { value: { image: { width: src.width * scale, height: src.height * scale, data: new Uint8ClampedArray(src.width * scale * src.height * scale * 4) }, model: { id: 'realesr-general-x4v3' } } };
      },
    });
    store.getState().beginStroke(50, 40, false);
    store.getState().endGesture();
    await run('upscale-2x');
    let s = store.getState();
    expect([s.doc!.image.width, s.mask!.width, s.mask!.height]).toEqual([200, 200, 160]);
    expect(painted(s.mask!.data)).toBe(0);
    expect(buildManifest(s.doc!, s.history.done).steps).toEqual([{ op: 'upscale', scale: 2, model: 'realesr-general-x4v3' }]);
    expect(buildManifest(s.doc!, s.history.done).source).toMatchObject({ width: 100, height: 80 });
    s.undo();
    s = store.getState();
    expect(s.doc!.image).toBe(image);
    expect(s.mask!.width).toBe(100);
    expect(painted(s.mask!.data)).toBeGreaterThan(0); // the stroke from before is back
  });

  it('refuses a result over the memory budget before running', async () => {
    let ran = false;
    const { store, run } = setup({ upscale: async () => { ran = true; throw new Error('no'); } });
    store.getState().openDocument(store.getState().doc!.file, { width: 5000, height: 4000, source: {} as CanvasImageSource });
    await run('upscale-2x');
    expect(ran).toBe(false);
    expect(store.getState().notices.at(-1)?.title).toMatch(/10000 × 8000/);
  });
});
