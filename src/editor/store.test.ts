// Store tests driven by pointer helpers, without React (design.md 6.10).
import { describe, expect, it, vi } from 'vitest';
import { parseManifest } from '../ops/manifest.ts';
import { rasteriseStrokes } from '../core/strokes.ts';
import type { Box } from '../core/types.ts';
import { liveStrokes } from './edits.ts';
import { buildManifest } from './manifest.ts';
import { createEditorStore, type EditorStore } from './store.ts';
import { toolById, type PointerInput } from './tools.ts';

function openBlank(width = 200, height = 100): EditorStore {
  const store = createEditorStore();
  store.getState().setViewSize(448, 248);
  store
    .getState()
    .openDocument(
      { name: 'photo.jpg', format: 'jpeg', mime: 'image/jpeg', bytes: 1, sha256: 'ab'.repeat(32), hasAlpha: false, width, height },
      { width, height, source: {} as CanvasImageSource },
    );
  return store;
}

/** Drags the active tool along screen points, like a pointer would. */
function drag(store: EditorStore, ...screen: Array<[number, number]>): void {
  const tool = toolById(store.getState().tool);
  const at = (p: [number, number]): PointerInput => ({ screen: p, image: store.getState().toImage(p[0], p[1]) });
  tool.down(store, at(screen[0]));
  for (const p of screen.slice(1)) tool.move(store, at(p));
  tool.up(store, at(screen[screen.length - 1]));
}

const maskAt = (s: EditorStore, x: number, y: number) => s.getState().mask!.data[y * s.getState().mask!.width + x];
const painted = (s: EditorStore) => s.getState().mask!.data.reduce((n, v) => n + (v ? 1 : 0), 0);

describe('viewport', () => {
  it('fits the image in the view with a margin, centred', () => {
    const s = openBlank(200, 100);
    const { scale, x, y } = s.getState();
    expect(scale).toBe(2); // min((448-48)/200, (248-48)/100)
    expect([x, y]).toEqual([24, 24]);
  });

  it('zooming keeps the image point under the cursor fixed', () => {
    const s = openBlank();
    const before = s.getState().toImage(100, 70);
    s.getState().zoomAt(100, 70, 7.3);
    expect(s.getState().scale).toBe(7.3);
    const after = s.getState().toImage(100, 70);
    expect(after[0]).toBeCloseTo(before[0], 9);
    expect(after[1]).toBeCloseTo(before[1], 9);
  });

  it('a fitted view fits again when the view is resized; a zoomed or panned one keeps its scale and centre', () => {
    const s = openBlank(200, 100);
    s.getState().setViewSize(248, 248); // the window narrowed: still the whole image
    expect(s.getState().scale).toBe(1); // min((248-48)/200, (248-48)/100)
    expect([s.getState().x, s.getState().y]).toEqual([24, 74]);
    s.getState().zoomAt(124, 124, 3);
    const centre = s.getState().toImage(124, 124);
    s.getState().setViewSize(448, 248);
    expect(s.getState().scale).toBe(3);
    expect(s.getState().toImage(224, 124)).toEqual(centre);
    s.getState().fitToView();
    s.getState().panBy(5, 0);
    s.getState().setViewSize(248, 248);
    expect(s.getState().scale).toBe(2); // the scale Fit gave at 448 x 248, kept
  });

  it('100% shows one source pixel per screen pixel; pan moves the view', () => {
    const s = openBlank();
    s.getState().zoomToActual();
    expect(s.getState().scale).toBe(1);
    const x = s.getState().x;
    s.getState().panBy(15, -4);
    expect(s.getState().x).toBe(x + 15);
  });
});

describe('brushing', () => {
  it('paints at source coordinates whatever the zoom', () => {
    const s = openBlank();
    s.getState().setBrushSize(4);
    drag(s, [24 + 2 * 10.5, 24 + 2 * 20.5]); // scale 2: screen -> image (10.5, 20.5)
    expect(maskAt(s, 10, 20)).toBe(255);
    expect(maskAt(s, 13, 20)).toBe(0);
    s.getState().zoomAt(0, 0, 8);
    const { x, y } = s.getState();
    drag(s, [x + 8 * 150.5, y + 8 * 60.5]);
    expect(maskAt(s, 150, 60)).toBe(255);
    expect(maskAt(s, 152, 60)).toBe(255); // 2 px away: on the edge, covered
    expect(maskAt(s, 153, 60)).toBe(0);
  });

  it('a drag is one history step and equals the rasterised stroke', () => {
    const s = openBlank();
    s.getState().setBrushSize(6);
    drag(s, [50, 50], [120, 60], [200, 150]);
    const { history, mask } = s.getState();
    expect(history.done).toHaveLength(1);
    const strokes = liveStrokes(history.done);
    expect(mask!.data).toEqual(rasteriseStrokes(200, 100, strokes).data);
    expect(strokes[0].width).toBe(6);
  });

  it('announces only the rectangle each new segment touched', () => {
    const s = openBlank();
    s.getState().setBrushSize(10);
    const boxes: Box[] = [];
    s.getState().onMaskChange((b) => boxes.push(b));
    s.getState().beginStroke(100, 50, false);
    s.getState().extendStroke(110, 50);
    expect(boxes).toEqual([
      [95, 45, 105, 55],
      [95, 45, 115, 55],
    ]);
  });

  it('the eraser clears, and undo brings the paint back exactly', () => {
    const s = openBlank();
    s.getState().setBrushSize(20);
    drag(s, [50, 50], [300, 50]);
    const painted1 = s.getState().mask!.data.slice();
    s.getState().setTool('eraser');
    s.getState().setBrushSize(8);
    drag(s, [100, 50], [120, 50]);
    expect(painted(s)).toBeLessThan(painted1.reduce((n, v) => n + (v ? 1 : 0), 0));
    s.getState().undo();
    expect(s.getState().mask!.data).toEqual(painted1);
  });

  it('a rectangle masks the box; a click without area records nothing', () => {
    const s = openBlank();
    s.getState().setTool('rectangle');
    drag(s, [24 + 2 * 10, 24 + 2 * 10], [24 + 2 * 30, 24 + 2 * 20]);
    expect(painted(s)).toBe(20 * 10);
    expect(maskAt(s, 10, 10)).toBe(255);
    expect(maskAt(s, 29, 19)).toBe(255);
    expect(maskAt(s, 30, 19)).toBe(0);
    drag(s, [100, 100]);
    expect(s.getState().history.done).toHaveLength(1);
  });

  it('cancelling a stroke restores the mask under it', () => {
    const s = openBlank();
    drag(s, [50, 50], [150, 80]);
    const before = s.getState().mask!.data.slice();
    s.getState().beginStroke(60, 30, false);
    s.getState().extendStroke(90, 40);
    s.getState().cancelGesture();
    expect(s.getState().mask!.data).toEqual(before);
    expect(s.getState().history.done).toHaveLength(1);
  });

  it('brush size steps with [ and ] and stays in range', () => {
    const s = openBlank();
    s.getState().setBrushSize(1);
    s.getState().stepBrushSize(-1);
    expect(s.getState().brushSize).toBe(1);
    s.getState().stepBrushSize(1);
    expect(s.getState().brushSize).toBe(2);
    s.getState().setBrushSize(100);
    s.getState().stepBrushSize(1);
    expect(s.getState().brushSize).toBe(120);
  });
});

describe('history', () => {
  it('undo/redo walk strokes one at a time and redo is dropped by a new stroke', () => {
    const s = openBlank();
    drag(s, [40, 40]);
    const one = s.getState().mask!.data.slice();
    drag(s, [200, 100], [300, 120]);
    const two = s.getState().mask!.data.slice();
    s.getState().undo();
    expect(s.getState().mask!.data).toEqual(one);
    s.getState().undo();
    expect(painted(s)).toBe(0);
    s.getState().redo();
    s.getState().redo();
    expect(s.getState().mask!.data).toEqual(two);
    s.getState().undo();
    drag(s, [60, 200]);
    expect(s.getState().canRedo()).toBe(false);
  });

  it('clear mask is one undoable step', () => {
    const s = openBlank();
    drag(s, [40, 40], [200, 100]);
    const before = s.getState().mask!.data.slice();
    s.getState().clearMask();
    expect(painted(s)).toBe(0);
    expect(s.getState().history.done.map((e) => e.kind)).toEqual(['mask', 'clear-mask']);
    s.getState().undo();
    expect(s.getState().mask!.data).toEqual(before);
    s.getState().redo();
    expect(painted(s)).toBe(0);
  });

  it('a replaced image is undoable and also starts a fresh mask', () => {
    const s = openBlank();
    drag(s, [40, 40]);
    const original = s.getState().doc!.image;
    const result = { width: 200, height: 100, source: {} as CanvasImageSource };
    s.getState().apply({ kind: 'replace-pixels', step: { op: 'inpaint' }, before: original, after: result });
    expect(s.getState().doc!.image).toBe(result);
    expect(painted(s)).toBe(0);
    s.getState().undo();
    expect(s.getState().doc!.image).toBe(original);
    expect(painted(s)).toBeGreaterThan(0);
  });

  it('opening another document starts a fresh mask and history', () => {
    const s = openBlank();
    drag(s, [40, 40]);
    s.getState().openDocument(s.getState().doc!.file, { width: 50, height: 60, source: {} as CanvasImageSource });
    expect(s.getState().mask!.data.length).toBe(3000);
    expect(s.getState().canUndo()).toBe(false);
  });
});

describe('manifest', () => {
  it('carries the strokes so the mask is rebuilt exactly', () => {
    const s = openBlank();
    drag(s, [40, 40], [200, 100]);
    s.getState().setTool('eraser');
    drag(s, [100, 60], [120, 90]);
    s.getState().setTool('rectangle');
    drag(s, [300, 150], [350, 200]);
    const { doc, history, mask } = s.getState();
    const m = buildManifest(doc!, history.done, new Date('2026-11-20T23:59:01Z'));
    expect(m).toMatchObject({
      type: 'cleanplate.manifest',
      version: 1,
      job_id: '20261120-235901-photo',
      source: { file: 'photo.jpg', sha256: 'ab'.repeat(32), width: 200, height: 100 },
    });
    const json = JSON.parse(JSON.stringify(m));
    // Valid under the shared v1 schema (the one the server and CLI read).
    const parsed = parseManifest(json);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    expect(json.steps[0].op).toBe('inpaint');
    expect(json.steps[0].strokes[1].erase).toBe(true);
    expect(json.steps[0].strokes[2].shape).toBe('rect');
    expect(rasteriseStrokes(200, 100, json.steps[0].strokes).data).toEqual(mask!.data);
  });
});

describe('gestures', () => {
  it('undo in the middle of a stroke abandons only that stroke', () => {
    const s = openBlank();
    drag(s, [40, 40]);
    const before = s.getState().mask!.data.slice();
    s.getState().beginStroke(100, 50, false);
    s.getState().extendStroke(150, 60);
    s.getState().undo();
    expect(s.getState().mask!.data).toEqual(before);
    expect(s.getState().history.done).toHaveLength(1);
  });

  it('keeps stroke points to 1/100 pixel so they survive JSON exactly', () => {
    const s = openBlank();
    s.getState().beginStroke(10.123456, 20.987654, false);
    s.getState().extendStroke(30.333333, 40.666666);
    s.getState().endGesture();
    const e = s.getState().history.done[0];
    expect(e.kind === 'mask' && e.strokes[0].points).toEqual([10.12, 20.99, 30.33, 40.67]);
  });
});

describe('memory', () => {
  it('opening another photo releases the previous decoded images (once views have moved on)', () => {
    vi.useFakeTimers();
    const s = openBlank();
    let closed = 0;
    const bitmap = (w: number) => ({
      width: w,
      height: 10,
      source: {
        close: () => {
          closed++;
        },
      } as unknown as CanvasImageSource,
    });
    const first = bitmap(10);
    s.getState().openDocument(s.getState().doc!.file, first);
    s.getState().apply({ kind: 'replace-pixels', step: { op: 'inpaint' }, before: first, after: bitmap(10) });
    s.getState().openDocument(s.getState().doc!.file, bitmap(20));
    expect(closed).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(closed).toBe(2);
    vi.useRealTimers();
  });
});
