// What autosave keeps of a document: the operations as manifest steps, the hand-made mask
// edits since the last one as they are, the review and the settings; nothing without work.
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../ops/manifest.ts';
import type { Stroke } from '../../core/types.ts';
import type { DocumentImage } from '../edits.ts';
import { createEditorStore } from '../store.ts';
import { describeSaved, savedDocument } from './saved-document.ts';

const image = (w: number, h: number): DocumentImage => ({ width: w, height: h, source: {} as CanvasImageSource });
const stroke = (x: number): Stroke => ({ points: [x, 10, x + 20, 10], width: 6 });

function opened() {
  const store = createEditorStore();
  store.getState().openDocument(
    {
      name: 'cat.jpg',
      format: 'jpeg',
      mime: 'image/jpeg',
      bytes: 1234,
      sha256: 'ab'.repeat(32),
      hasAlpha: false,
      width: 100,
      height: 80,
    },
    image(100, 80),
  );
  return store;
}

describe('savedDocument', () => {
  it('keeps nothing for a document without work', () => {
    expect(savedDocument(opened().getState(), 'k', 0)).toBeNull();
  });

  it('keeps a removal as a manifest step and the strokes brushed after it as mask edits', () => {
    const store = opened();
    const s = store.getState();
    s.apply({ kind: 'mask', label: 'Brush', strokes: [stroke(5)] });
    s.apply({
      kind: 'replace-pixels',
      step: { op: 'inpaint', strokes: [stroke(5)], engine: 'patchmatch', dilate: 4 },
      run: { engine: 'patchmatch', backend: 'js', ms: 12 },
      before: s.doc!.image,
      after: image(100, 80),
    });
    store.getState().apply({ kind: 'mask', label: 'Eraser', strokes: [{ ...stroke(40), erase: true }] });
    store.getState().apply({ kind: 'mask', label: 'Rectangle', strokes: [{ points: [1, 2, 30, 40], width: 1, shape: 'rect' }] });
    store.getState().setBrushSize(33);
    const saved = savedDocument(store.getState(), 'key-1', Date.UTC(2026, 11, 3, 14, 32))!;
    expect(saved).toMatchObject({ key: 'key-1', name: 'cat.jpg', bytes: 1234, steps: 3 });
    expect(parseManifest(saved.manifest).ok).toBe(true);
    expect(saved.manifest.steps).toEqual([{ op: 'inpaint', strokes: [stroke(5)], engine: 'patchmatch', dilate: 4 }]);
    expect(saved.runs).toEqual([{ step: 0, op: 'inpaint', engine: 'patchmatch', backend: 'js', ms: 12 }]);
    expect(saved.live.map((e) => e.label)).toEqual(['Eraser', 'Rectangle']);
    expect(saved.settings.brushSize).toBe(33);
    expect(saved.review).toBeNull();
    // Plain data: what IndexedDB's structured clone stores is what comes back.
    expect(structuredClone(saved)).toEqual(saved);
  });

  it('keeps boxes under review, and says when and how much in the list', () => {
    const store = opened();
    store.getState().startReview({
      purpose: 'mask',
      image: store.getState().doc!.image,
      boxes: [{ box: [1, 2, 30, 12], score: 0.9 }],
      region: null,
      ranOn: 'ppocr on WASM',
    });
    const at = new Date(2026, 11, 3, 14, 32);
    const saved = savedDocument(store.getState(), 'k', at.getTime())!;
    expect(saved.review?.boxes).toEqual([{ box: [1, 2, 30, 12], score: 0.9 }]);
    expect(saved.steps).toBe(0);
    const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }); // 14:32 or 02:32 PM, as the locale writes it
    expect(describeSaved(saved, new Date(2026, 11, 3, 18, 0))).toBe(`cat.jpg, edited at ${time}, 0 steps`);
    expect(describeSaved({ ...saved, steps: 1 }, new Date(2026, 11, 5))).toBe(
      `cat.jpg, edited at ${at.toLocaleDateString()} ${time}, 1 step`,
    );
  });
});
