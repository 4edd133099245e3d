// Keeps RGBA canvases in step with the mask, repainting only the rectangles that changed, at
// most once per animation frame. The stage shows them as the translucent mask overlay: the
// full-resolution canvas when zoomed in, and for big images a quarter-resolution copy (each
// pixel the mean of a 4 x 4 block) when zoomed out, so a fitted 24 MP view does not rescale
// 96 MB every frame. The mask itself stays at full resolution.
import type { Box, Mask } from '../core/types.ts';
import { unionBox } from '../core/strokes.ts';
import { frameStats } from './frame-stats.ts';

/** Overlay colour (straight RGBA with alpha = mask value), packed for a little-endian Uint32. */
const R = 255,
  G = 40,
  B = 96;
const LUT = new Uint32Array(256);
for (let v = 0; v < 256; v++) LUT[v] = ((v << 24) | (B << 16) | (G << 8) | R) >>> 0;
/** Pixels per putImageData, so a full repaint never allocates more than ~16 MB at once. */
const CHUNK_PIXELS = 1 << 22;
/** Reduction of the zoomed-out copy, made for masks above REDUCE_ABOVE pixels. */
export const REDUCTION = 4;
const REDUCE_ABOVE = 4_000_000;

function canvasOf(width: number, height: number): [HTMLCanvasElement, CanvasRenderingContext2D] {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  return [c, c.getContext('2d')!];
}

function hasPaint(mask: Mask): boolean {
  const d = mask.data;
  const words = new Uint32Array(d.buffer, d.byteOffset, d.length >> 2);
  for (let i = 0; i < words.length; i++) if (words[i]) return true;
  for (let i = words.length << 2; i < d.length; i++) if (d[i]) return true;
  return false;
}

export class MaskPainter {
  readonly canvas: HTMLCanvasElement;
  /** Quarter-resolution copy, or null for small images. */
  readonly reduced: HTMLCanvasElement | null = null;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly reducedCtx: CanvasRenderingContext2D | null = null;
  private dirty: Box | null = null;
  private frame = 0;

  constructor(
    readonly mask: Mask,
    private readonly onPainted: () => void,
  ) {
    [this.canvas, this.ctx] = canvasOf(mask.width, mask.height);
    if (mask.width * mask.height > REDUCE_ABOVE) {
      [this.reduced, this.reducedCtx] = canvasOf(Math.ceil(mask.width / REDUCTION), Math.ceil(mask.height / REDUCTION));
    }
    // A mask that already holds strokes (undoing back to another image size) is shown at once.
    if (hasPaint(mask)) this.invalidate([0, 0, mask.width, mask.height]);
  }

  /** The canvas to show at a view scale: the reduced copy once it has at least one pixel per screen pixel. */
  canvasFor(scale: number): HTMLCanvasElement {
    return this.reduced && scale * REDUCTION <= 1 ? this.reduced : this.canvas;
  }

  /** Marks a region for repaint on the next frame. */
  invalidate(box: Box): void {
    this.dirty = unionBox(this.dirty, box);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  /** Paints pending changes now. */
  flush(): void {
    this.frame = 0;
    const box = this.dirty;
    this.dirty = null;
    if (!box) return;
    const t0 = performance.now();
    this.paintFull(box);
    if (this.reducedCtx) this.paintReduced(box, this.reducedCtx);
    this.onPainted();
    frameStats.endFrame(performance.now() - t0);
  }

  private paintFull([x0, y0, x1, y1]: Box): void {
    const w = x1 - x0;
    const rows = Math.max(1, Math.floor(CHUNK_PIXELS / w));
    const src = this.mask.data;
    for (let y = y0; y < y1; y += rows) {
      const h = Math.min(rows, y1 - y);
      const img = new ImageData(w, h);
      const out = new Uint32Array(img.data.buffer);
      for (let r = 0; r < h; r++) {
        const from = (y + r) * this.mask.width + x0;
        for (let i = 0; i < w; i++) out[r * w + i] = LUT[src[from + i]];
      }
      this.ctx.putImageData(img, x0, y);
    }
  }

  private paintReduced(box: Box, ctx: CanvasRenderingContext2D): void {
    const { width, height, data } = this.mask;
    const k = REDUCTION;
    const rx0 = Math.floor(box[0] / k),
      ry0 = Math.floor(box[1] / k);
    const rx1 = Math.ceil(box[2] / k),
      ry1 = Math.ceil(box[3] / k);
    const w = rx1 - rx0,
      h = ry1 - ry0;
    const img = new ImageData(w, h);
    const out = new Uint32Array(img.data.buffer);
    for (let ry = 0; ry < h; ry++) {
      const y0 = (ry0 + ry) * k,
        y1 = Math.min(height, y0 + k);
      for (let rx = 0; rx < w; rx++) {
        const x0 = (rx0 + rx) * k,
          x1 = Math.min(width, x0 + k);
        let sum = 0;
        for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += data[y * width + x];
        out[ry * w + rx] = LUT[Math.round(sum / ((y1 - y0) * (x1 - x0)))];
      }
    }
    ctx.putImageData(img, rx0, ry0);
  }

  dispose(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    for (const c of [this.canvas, this.reduced]) if (c) c.width = c.height = 0;
  }
}
