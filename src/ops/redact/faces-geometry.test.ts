// YuNet decoding, NMS, the pyramid's tiles and the mapping of boxes back to source pixels:
// pure arithmetic, checked against hand-made outputs and exact expectations.
import { describe, expect, it } from 'vitest';
import type { PortTensor } from '../port.ts';
import { cutByTile, levelSizes, pyramid, shrink, TILE_OVERLAP, TILE_SIDE, toSource, views } from './pyramid.ts';
import { decodeYunet, nms, yunetInput } from './yunet.ts';

const f32 = (data: number[], dims: number[]): PortTensor => ({ type: 'float32', data: Float32Array.from(data), dims });

/** Outputs for a W x H input where every cell scores 0 except those listed (stride, cell, cls, obj, bbox). */
function outputs(W: number, H: number, cells: { s: number; i: number; cls: number; obj: number; bbox: number[] }[]) {
  const out: Record<string, PortTensor> = {};
  for (const s of [8, 16, 32]) {
    const n = (W / s) * (H / s);
    const cls = new Array(n).fill(0);
    const obj = new Array(n).fill(0);
    const bbox = new Array(4 * n).fill(0);
    for (const c of cells.filter((c) => c.s === s)) {
      cls[c.i] = c.cls;
      obj[c.i] = c.obj;
      bbox.splice(4 * c.i, 4, ...c.bbox);
    }
    out[`cls_${s}`] = f32(cls, [1, n, 1]);
    out[`obj_${s}`] = f32(obj, [1, n, 1]);
    out[`bbox_${s}`] = f32(bbox, [1, n, 4]);
    out[`kps_${s}`] = f32(new Array(10 * n).fill(0), [1, n, 10]);
  }
  return out;
}

describe('YuNet decoding', () => {
  it('decodes a cell as MODELS.md says: centre (col + b0, row + b1) * s, size exp(b2, b3) * s, score sqrt(cls * obj)', () => {
    // 64 x 32 input, stride 16: 4 columns; cell 5 is col 1, row 1.
    const out = outputs(64, 32, [{ s: 16, i: 5, cls: 0.81, obj: 1.2, bbox: [0.5, 0.25, Math.log(2), Math.log(3)] }]);
    const faces = decodeYunet(out, 64, 32);
    expect(faces).toHaveLength(1);
    const [x0, y0, x1, y1] = faces[0].box;
    // centre (24, 20), size 32 x 48; obj clamped to 1 -> score sqrt(0.81) = 0.9.
    expect([x0, y0, x1, y1].map((v) => Math.round(v * 1e4) / 1e4)).toEqual([8, -4, 40, 44]);
    expect(faces[0].score).toBeCloseTo(0.9, 6);
  });

  it('drops cells under the score threshold and refuses outputs of the wrong size', () => {
    const out = outputs(32, 32, [{ s: 8, i: 0, cls: 0.3, obj: 0.9, bbox: [0, 0, 0, 0] }]);
    expect(decodeYunet(out, 32, 32)).toEqual([]); // sqrt(0.27) = 0.52 < 0.6
    expect(decodeYunet(out, 32, 32, 0.5)).toHaveLength(1);
    expect(() => decodeYunet(out, 64, 32)).toThrow(/cls_8 has 16 cells, expected 32 for a 64x32 input/);
  });

  it('pads the input to multiples of 32 with zeros, BGR planes of raw values', () => {
    const px = { width: 2, height: 1, data: Uint8ClampedArray.from([10, 20, 30, 255, 40, 50, 60, 255]) };
    const t = yunetInput(px, 1, 0, 1, 1);
    expect(t.dims).toEqual([1, 3, 32, 32]);
    const d = t.data as Float32Array;
    expect([d[0], d[1024], d[2048]]).toEqual([60, 50, 40]);
    expect(d.reduce((s, v) => s + v, 0)).toBe(150);
  });
});

describe('NMS', () => {
  it('keeps the best of overlapping boxes, and drops a box lying inside a better one', () => {
    const kept = nms([
      { box: [0, 0, 10, 10], score: 0.7 },
      { box: [1, 1, 11, 11], score: 0.9 },
      { box: [50, 50, 60, 60], score: 0.65 },
      { box: [2, 2, 6, 6], score: 0.8 }, // a part of the face found again
    ]);
    expect(kept.map((k) => k.score)).toEqual([0.9, 0.65]);
  });
});

describe('pyramid and tiles', () => {
  it('levels shrink by 4 until one tile holds them, then an overview of 256 px', () => {
    expect(levelSizes(512, 512)).toEqual([
      [512, 512],
      [256, 256],
    ]);
    expect(levelSizes(200, 100)).toEqual([[200, 100]]);
    // 48 MP: 8000 x 6000 -> 2000 x 1500 -> 500 x 375, then the overview.
    expect(levelSizes(8000, 6000)).toEqual([
      [8000, 6000],
      [2000, 1500],
      [500, 375],
      [256, 192],
    ]);
  });

  it('tiles of a level overlap by at least TILE_OVERLAP, so any face that small lies whole in one tile', () => {
    const level = { pixels: { width: 2000, height: 1500, data: new Uint8ClampedArray(0) }, sx: 4, sy: 4 };
    const tiles = views([level]);
    for (const t of tiles) expect(t.x.end - t.x.start).toBeLessThanOrEqual(TILE_SIDE);
    for (let x = 0; x + TILE_OVERLAP <= 2000; x += 37) {
      const holding = tiles.filter((t) => t.y.start === 0 && t.x.start <= x && x + TILE_OVERLAP <= t.x.end);
      expect(holding.length, `face at x ${x}`).toBeGreaterThan(0);
    }
  });

  it('a box touching an inner tile edge is cut; one touching the photo border is not', () => {
    const level = { width: 1000, height: 600, data: new Uint8ClampedArray(0) };
    const view = { level: 0, x: { start: 360, end: 1000 }, y: { start: 0, end: 600 } };
    expect(cutByTile([361, 100, 400, 140], view, level)).toBe(true);
    expect(cutByTile([500, 0, 540, 40], view, level)).toBe(false);
    expect(cutByTile([960, 100, 1000, 140], view, level)).toBe(false);
  });

  it('maps level boxes back with the exact source/level ratio, and averages when shrinking', () => {
    const src = { width: 10, height: 6, data: new Uint8ClampedArray(10 * 6 * 4).fill(255) };
    const levels = pyramid(src);
    expect(levels).toHaveLength(1);
    expect(toSource([1, 1, 2, 2], { pixels: { width: 3, height: 2, data: src.data }, sx: 10 / 3, sy: 3 })).toEqual([10 / 3, 3, 20 / 3, 6]);
    const half = shrink({ width: 2, height: 1, data: Uint8ClampedArray.from([0, 100, 200, 255, 100, 200, 0, 255]) }, 1, 1);
    expect(Array.from(half.data)).toEqual([50, 150, 100, 255]);
  });
});
