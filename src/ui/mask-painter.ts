// Keeps a full-resolution RGBA canvas in step with the mask, repainting only the rectangles
// that changed, at most once per animation frame. The canvas is what the stage shows as the
// translucent mask overlay.
import type { Box, Mask } from '../core/types.ts';
import { unionBox } from '../core/strokes.ts';
import { frameStats } from './frame-stats.ts';

/** Overlay colour (straight RGBA with alpha = mask value), packed for a little-endian Uint32. */
const R = 255, G = 40, B = 96;
const LUT = new Uint32Array(256);
for (let v = 0; v < 256; v++) LUT[v] = ((v << 24) | (B << 16) | (G << 8) | R) >>> 0;
/** Rows per putImageData, so a full repaint never allocates more than ~16 MB at once. */
const CHUNK_PIXELS = 1 << 22;

export class MaskPainter {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private dirty: Box | null = null;
  private frame = 0;

  constructor(private readonly mask: Mask, private readonly onPainted: () => void) {
    this.canvas = document.createElement('canvas');
    this.canvas.width = mask.width;
    this.canvas.height = mask.height;
    this.ctx = this.canvas.getContext('2d')!;
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
    const [x0, y0, x1, y1] = box;
    const w = x1 - x0;
    const rows = Math.max(1, Math.floor(CHUNK_PIXELS / w));
    for (let y = y0; y < y1; y += rows) {
      const h = Math.min(rows, y1 - y);
      const img = new ImageData(w, h);
      const out = new Uint32Array(img.data.buffer);
      const src = this.mask.data;
      for (let r = 0; r < h; r++) {
        const from = (y + r) * this.mask.width + x0;
        for (let i = 0; i < w; i++) out[r * w + i] = LUT[src[from + i]];
      }
      this.ctx.putImageData(img, x0, y);
    }
    this.onPainted();
    frameStats.endFrame(performance.now() - t0);
  }

  dispose(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.canvas.width = 0;
    this.canvas.height = 0;
  }
}
