// The bundle's manifest: the operations in the history as steps, each with its run, checked
// against the schema before anything is written.
import { describe, expect, it } from 'vitest';
import { ManifestError, parseManifest } from '../ops/manifest.ts';
import { bundleManifest, entryName } from './bundle-export.ts';
import { executedSteps } from './manifest.ts';
import { exactSource } from './step-pixels.ts';
import { rasteriseStrokes } from '../core/strokes.ts';
import type { DocumentImage, Edit } from './edits.ts';
import type { EditorDocument } from './slices/document.ts';

const img = (width: number, height: number): DocumentImage => ({ width, height, source: {} as CanvasImageSource });
const doc: EditorDocument = {
  id: 1,
  file: {
    name: 'shop front.jpg',
    format: 'jpeg',
    mime: 'image/jpeg',
    bytes: 10,
    sha256: 'ab'.repeat(32),
    width: 40,
    height: 30,
    hasAlpha: false,
  },
  image: img(80, 60),
};
const stroke = { points: [1, 2, 10, 12], width: 4 };
const history: Edit[] = [
  { kind: 'mask', label: 'Brush', strokes: [stroke] },
  {
    kind: 'replace-pixels',
    step: { op: 'inpaint', strokes: [stroke] },
    before: img(40, 30),
    after: img(40, 30),
    run: { ms: 120, engine: 'patchmatch', backend: 'js' },
  },
  {
    kind: 'replace-pixels',
    step: { op: 'upscale', scale: 2, model: 'realesr-general-x4v3' },
    before: img(40, 30),
    after: img(80, 60),
    run: { ms: 900, backend: 'wasm', model: { id: 'realesr-general-x4v3', sha256: 'cd'.repeat(32) } },
  },
  { kind: 'mask', label: 'Brush', strokes: [{ points: [5, 5], width: 3 }] }, // not applied: not a step
];
const result = { file: 'shop front.cleanplate.jpg', sha256: 'ef'.repeat(32), width: 80, height: 60 };

describe('bundle manifest', () => {
  it('records every operation still in the history as a step, with its run, source and result', () => {
    const m = bundleManifest(doc, history, result, new Date('2026-11-21T01:02:03Z'));
    expect(m.job_id).toBe('20261121-010203-shop-front');
    expect(m.source).toEqual({ file: 'shop front.jpg', sha256: 'ab'.repeat(32), width: 40, height: 30 });
    expect(m.steps).toEqual([
      { op: 'inpaint', strokes: [stroke] },
      { op: 'upscale', scale: 2, model: 'realesr-general-x4v3' },
    ]);
    expect(m.result).toEqual({
      ...result,
      runs: [
        { step: 0, op: 'inpaint', ms: 120, engine: 'patchmatch', backend: 'js' },
        { step: 1, op: 'upscale', ms: 900, backend: 'wasm', model: { id: 'realesr-general-x4v3', sha256: 'cd'.repeat(32) } },
      ],
    });
    expect(parseManifest(JSON.parse(JSON.stringify(m))).ok).toBe(true);
  });

  it('leaves out undone operations and the mask not yet removed', () => {
    expect(executedSteps(history.slice(0, 2), 40).steps).toHaveLength(1);
    expect(executedSteps([history[0]], 40).steps).toEqual([]);
  });

  it('writes steps that ran on an upscaled image in source pixels', () => {
    const later: Edit = {
      kind: 'replace-pixels',
      step: { op: 'inpaint', strokes: [{ points: [10, 20, 30, 41], width: 8 }] },
      before: img(80, 60),
      after: img(80, 60),
    };
    expect(executedSteps([history[2], later], 40).steps[1]).toEqual({ op: 'inpaint', strokes: [{ points: [5, 10, 15, 20.5], width: 4 }] });
    const text: Edit = {
      kind: 'replace-pixels',
      step: { op: 'remove_text', region: [0, 0, 80, 60], boxes: [[3, 4, 21, 9]] },
      before: img(80, 60),
      after: img(80, 60),
    };
    expect(executedSteps([history[2], text], 40).steps[1]).toEqual({
      op: 'remove_text',
      region: [0, 0, 40, 30],
      boxes: [[1.5, 2, 10.5, 4.5]],
    }); // exact: replay doubles them
  });

  it('records accepted text boxes as a detect_text step in history order, with the detection run in source pixels', () => {
    const accepted: Edit = {
      kind: 'mask',
      label: 'Text boxes',
      strokes: [{ points: [2, 2, 24, 14], width: 1, shape: 'rect' }],
      step: { op: 'detect_text', boxes: [[4, 4, 22, 12]] },
      run: { ms: 30, backend: 'wasm', model: { id: 'ppocr-v3-det-ch', sha256: 'cd'.repeat(32) }, boxes: [[4, 4, 22, 12, 0.9]] },
    };
    const { steps, runs } = executedSteps([history[2], accepted, history[0]], 40);
    expect(steps).toEqual([
      { op: 'upscale', scale: 2, model: 'realesr-general-x4v3' },
      { op: 'detect_text', boxes: [[2, 2, 11, 6]] },
    ]);
    expect(executedSteps([history[2], { ...accepted, step: { op: 'detect_text', region: [1, 0, 80, 60] } }], 40).steps[1]).toEqual({
      op: 'detect_text',
      region: [0.5, 0, 40, 30],
    });
    expect(runs[1]).toEqual({
      step: 1,
      op: 'detect_text',
      ms: 30,
      backend: 'wasm',
      model: { id: 'ppocr-v3-det-ch', sha256: 'cd'.repeat(32) },
      boxes: [[2, 2, 11, 6, 0.9]],
    });
    // Boxes accepted and then cleared (with more brushing in between) left nothing: no step, so replay does not bring them back.
    const cleared = executedSteps([history[2], accepted, history[3], { kind: 'clear-mask' }, history[0]], 40);
    expect(cleared.steps).toEqual([{ op: 'upscale', scale: 2, model: 'realesr-general-x4v3' }]);
    expect(cleared.runs.map((r) => r.op)).toEqual(['upscale']);
    // Cleared after an operation used them, they stay: that operation's result depends on them.
    const used = executedSteps([accepted, history[1], { kind: 'clear-mask' }], 40);
    expect(used.steps.map((s) => s.op)).toEqual(['detect_text', 'inpaint']);
  });

  it('writes strokes with no exact source form as the mask they filled, at the size it was filled', () => {
    let v = 0.01;
    while (exactSource(v, 3) !== null) v += 0.01;
    const strokes = [{ points: [v, 10, 50, 40], width: 6 }];
    const big = img(120, 90);
    const inexact: Edit = { kind: 'replace-pixels', step: { op: 'inpaint', engine: 'patchmatch', strokes }, before: big, after: big };
    const upscaled: Edit = { kind: 'replace-pixels', step: { op: 'upscale', scale: 3 }, before: img(40, 30), after: big };
    const { steps, masks } = executedSteps([upscaled, inexact], 40);
    expect(steps[1]).toEqual({ op: 'inpaint', engine: 'patchmatch', mask: 'masks/step-1.png' });
    expect(masks[1]).toEqual(rasteriseStrokes(120, 90, strokes));
  });

  it('refuses to write a step the manifest schema refuses, naming it', () => {
    const bad: Edit[] = [{ kind: 'replace-pixels', step: { op: 'upscale', scale: 5 }, before: img(40, 30), after: img(200, 150) }];
    expect(() => bundleManifest(doc, bad, result)).toThrow(ManifestError);
    expect(() => bundleManifest(doc, bad, result)).toThrow('step 0 (upscale): scale must be 2, 3 or 4');
  });

  it('renames the source entry when it would collide with the result', () => {
    const again = { ...doc, file: { ...doc.file, name: 'a.cleanplate.png' } };
    expect(bundleManifest(again, [], { ...result, file: 'a.cleanplate.png' }).source.file).toBe('source-a.cleanplate.png');
  });

  it('names entries safely', () => {
    expect(entryName('a/b\\c:d.png')).toBe('a-b-c-d.png');
    expect(entryName('photo.jpg')).toBe('photo.jpg');
  });
});
