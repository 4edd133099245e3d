// Builds the upscaled image tile by tile, in row-major tile order. Tiles are blended with
// feather weights that sum to 1 (see tiling.ts). A pixel that only one tile covers is
// written straight into the 8-bit output; a pixel in an overlap keeps a float running sum
// until its last tile adds to it. The sums live in two full-width bands (the overlaps with
// the tile rows above and below) and two small strips (the overlaps with the tiles left and
// right), so memory beyond the output is a few overlap strips, not a float image.
import type { RgbaImage } from '../../core/types.ts';
import { releaseBuffers } from '../release.ts';
import { featherWeight, type Span } from '../tiling.ts';
import { resampleChannel } from './resample.ts';

/** Float RGB running sums for output pixels [x0, x0 + width) x [y0, y0 + height). */
interface Sums {
  x0: number;
  y0: number;
  width: number;
  data: Float32Array;
}

const sums = (x0: number, y0: number, width: number, height: number): Sums => ({
  x0,
  y0,
  width,
  data: new Float32Array(Math.max(0, width * height * 3)),
});

export class TileAssembler {
  readonly output: RgbaImage;
  /** Sums shared with the tile row above (rows this row's tiles finish). */
  private above: Sums | null = null;
  /** Sums shared with the tile row below. */
  private below: Sums | null = null;
  /** Sums shared with the previous tile of this row. */
  private left: Sums | null = null;
  /** First output row whose alpha is not written yet. */
  private alphaDone = 0;

  constructor(
    private readonly source: RgbaImage,
    private readonly scale: number,
    private readonly cols: readonly Span[],
    private readonly rows: readonly Span[],
    private readonly hasAlpha: boolean,
  ) {
    const width = source.width * scale;
    const height = source.height * scale;
    this.output = { width, height, data: new Uint8ClampedArray(width * height * 4) };
  }

  private weights(spans: readonly Span[], i: number): Float32Array {
    const s = spans[i];
    const n = (s.end - s.start) * this.scale;
    const w = new Float32Array(n);
    for (let k = 0; k < n; k++) w[k] = featherWeight(spans, i, s.start + (k + 0.5) / this.scale);
    return w;
  }

  /** Adds tile (col, row): RGB as CHW, 0..1, already at the output scale. Row-major order. */
  add(col: number, row: number, rgb: Float32Array): void {
    const s = this.scale;
    const W = this.output.width;
    const out = this.output.data;
    const xs = this.cols[col].start * s;
    const ys = this.rows[row].start * s;
    const wx = this.weights(this.cols, col);
    const wy = this.weights(this.rows, row);
    const tw = wx.length;
    const th = wy.length;
    // Overlap boundaries in output pixels (±Infinity where there is no neighbour).
    const aboveEnd = row > 0 ? this.rows[row - 1].end * s : -Infinity;
    const belowStart = row + 1 < this.rows.length ? this.rows[row + 1].start * s : Infinity;
    const leftEnd = col > 0 ? this.cols[col - 1].end * s : -Infinity;
    const rightStart = col + 1 < this.cols.length ? this.cols[col + 1].start * s : Infinity;
    if (col === 0) {
      releaseBuffers(this.above?.data);
      this.above = this.below;
      this.below = belowStart < Infinity ? sums(0, belowStart, W, ys + th - belowStart) : null;
      this.left = null;
    }
    const midTop = Math.max(ys, aboveEnd);
    const midBottom = Math.min(ys + th, belowStart);
    const right = rightStart < Infinity ? sums(rightStart, midTop, xs + tw - rightStart, midBottom - midTop) : null;
    const plane = tw * th;
    for (let ty = 0; ty < th; ty++) {
      const Y = ys + ty;
      const rowHome = Y < aboveEnd ? this.above : Y >= belowStart ? this.below : null;
      for (let tx = 0; tx < tw; tx++) {
        const X = xs + tx;
        const home = rowHome ?? (X < leftEnd ? this.left : X >= rightStart ? right : null);
        const w = wy[ty] * wx[tx] * 255;
        const i = ty * tw + tx;
        const r = w * rgb[i];
        const g = w * rgb[plane + i];
        const b = w * rgb[2 * plane + i];
        const last = X < rightStart && Y < belowStart;
        if (!home) {
          const o = (Y * W + X) * 4;
          out[o] = r;
          out[o + 1] = g;
          out[o + 2] = b;
          continue;
        }
        const h = ((Y - home.y0) * home.width + (X - home.x0)) * 3;
        if (last) {
          const o = (Y * W + X) * 4;
          out[o] = home.data[h] + r;
          out[o + 1] = home.data[h + 1] + g;
          out[o + 2] = home.data[h + 2] + b;
        } else {
          home.data[h] += r;
          home.data[h + 1] += g;
          home.data[h + 2] += b;
        }
      }
    }
    releaseBuffers(this.left?.data);
    this.left = right;
    if (col === this.cols.length - 1) {
      const finished = Math.min(belowStart, this.output.height);
      this.writeAlpha(this.alphaDone, finished);
      this.alphaDone = finished;
    }
  }

  /** Alpha is not modelled: it is resampled from the source (Lanczos), or opaque. */
  private writeAlpha(y0: number, y1: number): void {
    const { width, data } = this.output;
    if (!this.hasAlpha) {
      for (let o = y0 * width * 4 + 3; o < y1 * width * 4; o += 4) data[o] = 255;
      return;
    }
    const src = this.source;
    const alpha = resampleChannel(
      { data: src.data, width: src.width, height: src.height, offset: 3, step: 4 },
      { x0: 0, y0: y0 / this.scale, ratioX: this.scale, ratioY: this.scale, outWidth: width, outHeight: y1 - y0 },
    );
    for (let p = 0, o = y0 * width * 4 + 3; p < alpha.length; p++, o += 4) data[o] = alpha[p];
  }
}
