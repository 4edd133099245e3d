import { describe, expect, it } from 'vitest';
import { boxGap, dilate, featherWeights, holeRadius, maskBBox, maskRegions, squaredDistanceTo } from './mask-ops.ts';
import type { Mask } from './types.ts';

function maskFrom(rows: string[]): Mask {
  const h = rows.length,
    w = rows[0].length;
  const data = new Uint8Array(w * h);
  rows.forEach((r, y) =>
    [...r].forEach((c, x) => {
      data[y * w + x] = c === '#' ? 255 : 0;
    }),
  );
  return { width: w, height: h, data };
}

function dot(w: number, h: number, x: number, y: number): Mask {
  const m: Mask = { width: w, height: h, data: new Uint8Array(w * h) };
  m.data[y * w + x] = 255;
  return m;
}

describe('distances and dilation', () => {
  it('gives exact squared Euclidean distances', () => {
    const d = squaredDistanceTo(dot(9, 9, 4, 4));
    for (let y = 0; y < 9; y++) for (let x = 0; x < 9; x++) expect(d[y * 9 + x]).toBe((x - 4) ** 2 + (y - 4) ** 2);
  });

  it('dilates by a disc of the given radius', () => {
    const m = dilate(dot(11, 11, 5, 5), 3);
    for (let y = 0; y < 11; y++)
      for (let x = 0; x < 11; x++) {
        expect(m.data[y * 11 + x]).toBe((x - 5) ** 2 + (y - 5) ** 2 <= 9 ? 255 : 0);
      }
  });

  it('feathers from 255 at the dilated edge down to 0 at radius + feather, never beyond', () => {
    const w = featherWeights(dot(41, 1, 20, 0), 2, 8);
    const row = [...w.data];
    expect(row.slice(18, 23)).toEqual([255, 255, 255, 255, 255]);
    expect(row[20 + 6]).toBe(Math.floor(255 * (4 / 8) + 0.5)); // distance 6: (10 - 6) / 8
    expect(row[20 + 10]).toBe(0);
    expect(row.slice(0, 11).every((v) => v === 0)).toBe(true);
    for (let i = 21; i < 30; i++) expect(row[i + 1]).toBeLessThanOrEqual(row[i]);
  });

  it('measures hole thickness', () => {
    expect(holeRadius(maskFrom(['.....', '.###.', '.....']))).toBe(1);
    expect(holeRadius(maskFrom(['.......', '.#####.', '.#####.', '.#####.', '.#####.', '.#####.', '.......']))).toBe(3);
  });
});

describe('measured near the mask only', () => {
  // A few blobs (a caption's letters) on a photo-sized mask, one of them on the edge: what is
  // measured in the window around them must be what the whole mask gives, pixel for pixel.
  const w = 120,
    h = 90;
  const blobs = (): Mask => {
    const m: Mask = { width: w, height: h, data: new Uint8Array(w * h) };
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const [cx, cy] of [
      [40, 30],
      [52, 34],
      [0, 40],
    ])
      for (let k = 0; k < 30; k++) {
        const x = Math.min(w - 1, Math.max(0, cx + Math.floor(next() * 9) - 4)),
          y = Math.min(h - 1, Math.max(0, cy + Math.floor(next() * 7) - 3));
        m.data[y * w + x] = 200;
      }
    return m;
  };
  const distance = (m: Mask, x: number, y: number, set: (v: number) => boolean) => {
    let best = Infinity;
    for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) if (set(m.data[j * w + i])) best = Math.min(best, (i - x) ** 2 + (j - y) ** 2);
    return best;
  };
  const m = blobs();
  const toMask = (x: number, y: number) => distance(m, x, y, (v) => v >= 128);

  it('dilates and feathers as the whole-mask distances say', () => {
    const grown = dilate(m, 4.5);
    const weights = featherWeights(m, 3, 6);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const q = toMask(x, y);
        expect(grown.data[y * w + x]).toBe(q <= 4.5 * 4.5 ? 255 : 0);
        expect(weights.data[y * w + x]).toBe(q <= 9 ? 255 : q < 81 ? Math.max(1, Math.floor(255 * ((9 - Math.sqrt(q)) / 6) + 0.5)) : 0);
      }
  });

  it("measures a hole's thickness against the kept pixels nearest it", () => {
    let best = 0;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        if (m.data[y * w + x] >= 128)
          best = Math.max(
            best,
            distance(m, x, y, (v) => v < 128),
          );
    expect(holeRadius(m)).toBe(Math.sqrt(best));
    const block = maskFrom(['.........', '..#####..', '..#####..', '..#####..', '.........', '.........', '.........', '.........']);
    expect(holeRadius(block)).toBe(2);
  });
});

describe('regions', () => {
  const m = maskFrom(['##......#', '.#......#', '..#......', '.........', '......##.']);

  it('finds 8-connected regions with boxes and pixel counts', () => {
    expect(maskRegions(m)).toEqual([
      { box: [0, 0, 3, 3], pixels: 4 },
      { box: [8, 0, 9, 2], pixels: 2 },
      { box: [6, 4, 8, 5], pixels: 2 },
    ]);
  });

  it('merges regions closer than the gap', () => {
    expect(maskRegions(m, 2)).toEqual(
      [
        { box: [6, 0, 9, 5], pixels: 4 },
        { box: [0, 0, 3, 3], pixels: 4 },
      ].sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0]),
    );
    expect(maskRegions(m, 5)).toEqual([{ box: [0, 0, 9, 5], pixels: 8 }]);
    expect(boxGap([0, 0, 3, 3], [6, 4, 8, 5])).toBe(3);
  });

  it('finds the bounding box, or null for an empty mask', () => {
    expect(maskBBox(m)).toEqual([0, 0, 9, 5]);
    expect(maskBBox(maskFrom(['...']))).toBeNull();
  });
});
