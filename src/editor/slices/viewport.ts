// Viewport slice: how source pixels map to the screen. screen = image * scale + (x, y).
// Not undoable.
import type { StateCreator } from 'zustand';
import type { EditorState } from '../store.ts';

export const ZOOM_MIN = 0.01;
export const ZOOM_MAX = 32;
/** Free space kept around the image when fitting it to the view, in screen pixels. */
const FIT_MARGIN = 24;

export interface ViewportSlice {
  scale: number;
  x: number;
  y: number;
  viewWidth: number;
  viewHeight: number;
  /**
   * The view shows the whole image as Fit placed it, not moved or zoomed since: a new view
   * size (a window resized, a tablet turned) fits it again rather than cut it off.
   */
  fitted: boolean;
  setViewSize(width: number, height: number): void;
  /** Whole image visible and centred. */
  fitToView(): void;
  /** 100%: one source pixel per screen pixel, centred on the view centre's image point. */
  zoomToActual(): void;
  /** Sets the scale keeping the image point under screen point (sx, sy) fixed. */
  zoomAt(sx: number, sy: number, scale: number): void;
  /** Zoom in or out by one step about the view centre. */
  zoomStep(direction: 1 | -1): void;
  panBy(dx: number, dy: number): void;
  /** Screen point to source pixel coordinates. */
  toImage(sx: number, sy: number): [number, number];
}

const clampZoom = (s: number) => Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, s));
export const ZOOM_STEP = 1.25;

export const createViewportSlice: StateCreator<EditorState, [], [], ViewportSlice> = (set, get) => ({
  scale: 1,
  x: 0,
  y: 0,
  viewWidth: 800,
  viewHeight: 600,
  fitted: false,
  setViewSize(width, height) {
    const { viewWidth, viewHeight, scale, x, y, fitted } = get();
    if (fitted) {
      set({ viewWidth: width, viewHeight: height });
      get().fitToView();
      return;
    }
    // Keep the image point at the view centre where it was.
    set({ viewWidth: width, viewHeight: height, x: x + (width - viewWidth) / 2, y: y + (height - viewHeight) / 2, scale });
  },
  fitToView() {
    const { doc, viewWidth, viewHeight } = get();
    if (!doc) return;
    const { width, height } = doc.image;
    const scale = clampZoom(Math.min(ZOOM_MAX, (viewWidth - 2 * FIT_MARGIN) / width, (viewHeight - 2 * FIT_MARGIN) / height));
    set({ scale, x: (viewWidth - width * scale) / 2, y: (viewHeight - height * scale) / 2, fitted: true });
  },
  zoomToActual() {
    const { viewWidth, viewHeight } = get();
    get().zoomAt(viewWidth / 2, viewHeight / 2, 1);
  },
  zoomAt(sx, sy, next) {
    const { scale, x, y } = get();
    const s = clampZoom(next);
    set({ scale: s, x: sx - ((sx - x) * s) / scale, y: sy - ((sy - y) * s) / scale, fitted: false });
  },
  zoomStep(direction) {
    const { viewWidth, viewHeight, scale } = get();
    get().zoomAt(viewWidth / 2, viewHeight / 2, direction > 0 ? scale * ZOOM_STEP : scale / ZOOM_STEP);
  },
  panBy(dx, dy) {
    set({ x: get().x + dx, y: get().y + dy, fitted: false });
  },
  toImage(sx, sy) {
    const { scale, x, y } = get();
    return [(sx - x) / scale, (sy - y) / scale];
  },
});
