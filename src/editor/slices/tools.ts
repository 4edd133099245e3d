// Tools slice: the active tool, brush and mask-display settings, and the gesture in progress.
// A live line stroke is rasterised segment by segment as points arrive (only the new capsule),
// and becomes one history entry when the pointer is released.
import type { StateCreator } from 'zustand';
import { pointCount, rasteriseSegment, rasteriseStroke, strokeBounds } from '../../core/strokes.ts';
import type { Stroke } from '../../core/types.ts';
import { liveStrokes, redrawMask } from '../edits.ts';
import { sourceGridPoint } from '../step-pixels.ts';
import type { EditorState } from '../store.ts';

export type ToolId = 'brush' | 'eraser' | 'rectangle' | 'pan' | 'region';

export const BRUSH_MIN = 1;
export const BRUSH_MAX = 1000;

export interface ToolsSlice {
  tool: ToolId;
  /** Brush diameter in source pixels. */
  brushSize: number;
  maskOpacity: number;
  maskVisible: boolean;
  /** The stroke being drawn, or null. */
  live: Stroke | null;
  setTool(tool: ToolId): void;
  setBrushSize(size: number): void;
  /** Multiplies the brush size (the [ and ] keys), keeping at least one pixel of change. */
  stepBrushSize(direction: 1 | -1): void;
  setMaskOpacity(opacity: number): void;
  setMaskVisible(visible: boolean): void;
  /** Starts a line stroke (brush or eraser) at a source-pixel point. */
  beginStroke(x: number, y: number, erase: boolean): void;
  extendStroke(x: number, y: number): void;
  /** Starts a rectangle drag; it is rasterised when released. */
  beginRect(x: number, y: number): void;
  extendRect(x: number, y: number): void;
  /** Finishes the gesture: one history entry (an empty rectangle records nothing). */
  endGesture(): void;
  /** Abandons the gesture and restores the mask under it. */
  cancelGesture(): void;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
/**
 * Stroke points are kept to 1/100 source pixel, as values whose source-pixel form is exact
 * (step-pixels.ts): manifests, in source pixels, replay bit for bit, after an upscale too.
 */
const gridder = (s: EditorState) => {
  const k = s.doc ? s.doc.image.width / s.doc.file.width : 1;
  return (v: number) => sourceGridPoint(v, k);
};

/** A brush that suits the image: about 3% of its shorter side. */
export function suggestedBrushSize(width: number, height: number): number {
  return clamp(Math.round(Math.min(width, height) * 0.03), 8, 300);
}

export const createToolsSlice: StateCreator<EditorState, [], [], ToolsSlice> = (set, get) => ({
  tool: 'brush',
  brushSize: 40,
  maskOpacity: 0.5,
  maskVisible: true,
  live: null,
  setTool(tool) {
    if (get().live) get().endGesture();
    set({ tool });
  },
  setBrushSize(size) {
    set({ brushSize: clamp(Math.round(size), BRUSH_MIN, BRUSH_MAX) });
  },
  stepBrushSize(direction) {
    const s = get().brushSize;
    const next = direction > 0 ? Math.max(s + 1, s * 1.2) : Math.min(s - 1, s / 1.2);
    get().setBrushSize(next);
  },
  setMaskOpacity(opacity) {
    set({ maskOpacity: clamp(opacity, 0, 1) });
  },
  setMaskVisible(visible) {
    set({ maskVisible: visible });
  },
  beginStroke(x, y, erase) {
    const { mask } = get();
    if (!mask) return;
    const q = gridder(get());
    const stroke: Stroke = { points: [q(x), q(y)], width: get().brushSize, ...(erase ? { erase: true } : {}) };
    set({ live: stroke });
    get().maskChanged(rasteriseSegment(mask, stroke, 0));
  },
  extendStroke(x, y) {
    const { mask, live } = get();
    if (!mask || !live || live.shape === 'rect') return;
    const q = gridder(get());
    const p = live.points;
    if (p[p.length - 2] === q(x) && p[p.length - 1] === q(y)) return;
    p.push(q(x), q(y)); // in place: only this gesture holds the live stroke
    get().maskChanged(rasteriseSegment(mask, live, pointCount(live) - 1));
  },
  beginRect(x, y) {
    if (!get().mask) return;
    const q = gridder(get());
    set({ live: { points: [q(x), q(y), q(x), q(y)], width: 1, shape: 'rect' } }); // width is unused by rects, but a manifest needs it positive
  },
  extendRect(x, y) {
    const { live } = get();
    if (!live || live.shape !== 'rect') return;
    const q = gridder(get());
    set({ live: { ...live, points: [live.points[0], live.points[1], q(x), q(y)] } });
  },
  endGesture() {
    const { live, mask } = get();
    if (!live || !mask) return;
    set({ live: null });
    if (live.shape === 'rect') {
      if (!strokeBounds(live, mask.width, mask.height)) return;
      get().maskChanged(rasteriseStroke(mask, live));
    }
    get().commit({ kind: 'mask', label: live.shape === 'rect' ? 'Rectangle' : live.erase ? 'Eraser' : 'Brush', strokes: [live] });
  },
  cancelGesture() {
    const { live, mask } = get();
    set({ live: null });
    if (!live || !mask || live.shape === 'rect') return;
    const box = strokeBounds(live, mask.width, mask.height);
    if (!box) return;
    redrawMask(mask, liveStrokes(get().history.done), box);
    get().maskChanged(box);
  },
});
