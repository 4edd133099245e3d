import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../core/types.ts';
import { tileGrid } from '../tiling.ts';
import { TileAssembler } from './assemble.ts';

/** A smooth colour field over output pixels, 0..1 per channel. */
const field = (X: number, Y: number, c: number) => 0.5 + 0.4 * Math.sin(X * 0.05 + c) * Math.cos(Y * 0.07 - c);

describe('TileAssembler', () => {
  it('reproduces the image exactly when every tile agrees with it, at corners and edges of overlaps', () => {
    const source: RgbaImage = { width: 100, height: 80, data: new Uint8ClampedArray(100 * 80 * 4).fill(255) };
    const scale = 3;
    const { cols, rows, tiles } = tileGrid(100, 80, 40, 16);
    expect([cols.length, rows.length]).toEqual([4, 3]);
    const asm = new TileAssembler(source, scale, cols, rows, false);
    for (const t of tiles) {
      const w = (t.x.end - t.x.start) * scale;
      const h = (t.y.end - t.y.start) * scale;
      const rgb = new Float32Array(3 * w * h);
      for (let c = 0; c < 3; c++)
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++) rgb[c * w * h + y * w + x] = field(t.x.start * scale + x, t.y.start * scale + y, c);
      asm.add(t.col, t.row, rgb);
    }
    const out = asm.output;
    let worst = 0;
    let translucent = 0;
    for (let Y = 0; Y < out.height; Y++) {
      for (let X = 0; X < out.width; X++) {
        for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(out.data[(Y * out.width + X) * 4 + c] - field(X, Y, c) * 255));
        if (out.data[(Y * out.width + X) * 4 + 3] !== 255) translucent++;
      }
    }
    expect(worst).toBeLessThanOrEqual(0.5 + 1e-3);
    expect(translucent).toBe(0);
  });
});
