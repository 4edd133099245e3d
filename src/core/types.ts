// Plain pixel data shared by every layer. Everything is in source-image pixels.

/** Straight (non-premultiplied) sRGB RGBA, row-major, 4 bytes per pixel. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** One byte per pixel: 0 = keep, 255 = remove (fill). Values in between are soft edges. */
export interface Mask {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * A brush gesture as plain data, so it replays exactly (manifest `strokes`).
 * `points` is a flat [x0, y0, x1, y1, ...] list in source pixels.
 * shape 'line' (default): round-capped polyline of diameter `width`; a pixel is covered when
 *   its centre (x + 0.5, y + 0.5) lies within width / 2 of the polyline.
 * shape 'rect': points are [x0, y0, x1, y1]; a pixel is covered when its centre lies inside
 *   the box; `width` is ignored.
 * erase: covered pixels are cleared instead of set.
 */
export interface Stroke {
  points: number[];
  width: number;
  erase?: boolean;
  shape?: 'line' | 'rect';
}

/** [x0, y0, x1, y1] in source pixels, x1 > x0, y1 > y0 (exclusive right and bottom edges). */
export type Box = [number, number, number, number];

/** A detected text box with its confidence. */
export interface ScoredBox {
  box: Box;
  score: number;
}

/** Progress reported by long operations. `fraction` is 0..1 for the current stage. */
export interface Progress {
  stage: string;
  fraction: number;
  detail?: string;
}

export type ProgressFn = (p: Progress) => void;
