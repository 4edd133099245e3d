// Builds the upscaled image tile by tile. Tiles are blended with feather weights that sum
// to 1 (see tiling.ts), accumulated in a float band one tile row high; rows no later tile
// can touch are rounded into the 8-bit output and the band moves down. Memory beyond the
// output is one band, not a second full-size float image.
import type { RgbaImage } from '../../core/types.ts';
import { featherWeight, type Span } from '../tiling.ts';
import { resampleChannel } from './resample.ts';

export class TileAssembler {
  readonly output: RgbaImage;
  private readonly band: Float32Array;
  /** Output row held in band row 0. */
  private bandTop = 0;

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
    const tallest = Math.max(...rows.map((r) => r.end - r.start));
    this.band = new Float32Array(tallest * scale * width * 3);
  }

  private weights(spans: readonly Span[], i: number): Float32Array {
    const s = spans[i];
    const n = (s.end - s.start) * this.scale;
    const w = new Float32Array(n);
    for (let k = 0; k < n; k++) w[k] = featherWeight(spans, i, s.start + (k + 0.5) / this.scale);
    return w;
  }

  /** Adds one tile's RGB (CHW, 0..1, already at the output scale) with its feather weights. */
  add(col: number, row: number, rgb: Float32Array): void {
    const wx = this.weights(this.cols, col);
    const wy = this.weights(this.rows, row);
    const tw = wx.length;
    const th = wy.length;
    const outW = this.output.width;
    const x0 = this.cols[col].start * this.scale;
    const y0 = this.rows[row].start * this.scale - this.bandTop;
    const plane = tw * th;
    for (let y = 0; y < th; y++) {
      if (wy[y] === 0) continue;
      let b = ((y0 + y) * outW + x0) * 3;
      for (let x = 0; x < tw; x++, b += 3) {
        const w = wy[y] * wx[x] * 255;
        if (w === 0) continue;
        const i = y * tw + x;
        this.band[b] += w * rgb[i];
        this.band[b + 1] += w * rgb[plane + i];
        this.band[b + 2] += w * rgb[2 * plane + i];
      }
    }
  }

  /** Call after every tile of `row` was added: writes the rows that are now final. */
  finishRow(row: number): void {
    const outW = this.output.width;
    const next = this.rows[row + 1];
    const until = next ? next.start * this.scale : this.output.height;
    const out = this.output.data;
    const n = (until - this.bandTop) * outW;
    for (let p = 0, o = this.bandTop * outW * 4; p < n; p++, o += 4) {
      out[o] = this.band[p * 3];
      out[o + 1] = this.band[p * 3 + 1];
      out[o + 2] = this.band[p * 3 + 2];
    }
    this.writeAlpha(this.bandTop, until);
    // Keep the rows the next tile row overlaps; clear the rest.
    const end = this.rows[row].end * this.scale;
    this.band.copyWithin(0, n * 3, (end - this.bandTop) * outW * 3);
    this.band.fill(0, (end - until) * outW * 3);
    this.bandTop = until;
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
