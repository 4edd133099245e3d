import { describe, expect, it } from 'vitest';
import type { Mask, Stroke } from './types.ts';
import { rasteriseSegment, rasteriseStroke, rasteriseStrokes, strokeBounds } from './strokes.ts';

const blank = (w: number, h: number): Mask => ({ width: w, height: h, data: new Uint8Array(w * h) });

/** Covered pixel coordinates as "x,y" strings, for readable exact comparisons. */
function covered(m: Mask): string[] {
  const out: string[] = [];
  for (let y = 0; y < m.height; y++) for (let x = 0; x < m.width; x++) if (m.data[y * m.width + x]) out.push(`${x},${y}`);
  return out;
}

/** Independent brute force of the contract: distance from each pixel centre to each segment. */
function reference(w: number, h: number, s: Stroke): Set<string> {
  const out = new Set<string>();
  const p = s.points;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const cx = x + 0.5,
        cy = y + 0.5;
      let best = Infinity;
      for (let i = 0; i + 1 < p.length; i += 2) {
        const ax = p[i],
          ay = p[i + 1];
        const bx = i + 3 < p.length ? p[i + 2] : ax,
          by = i + 3 < p.length ? p[i + 3] : ay;
        const dx = bx - ax,
          dy = by - ay,
          l2 = dx * dx + dy * dy;
        const t = l2 ? Math.max(0, Math.min(1, ((cx - ax) * dx + (cy - ay) * dy) / l2)) : 0;
        best = Math.min(best, Math.hypot(cx - ax - t * dx, cy - ay - t * dy));
      }
      if (best <= s.width / 2) out.add(`${x},${y}`);
    }
  return out;
}

describe('line strokes', () => {
  it('a single dab of width 3 at a pixel centre covers the 3x3 block (corners at 1.414 <= 1.5)', () => {
    const m = blank(8, 8);
    rasteriseStroke(m, { points: [4.5, 4.5], width: 3 });
    expect(covered(m)).toEqual(['3,3', '4,3', '5,3', '3,4', '4,4', '5,4', '3,5', '4,5', '5,5']);
  });

  it('a dab of width 2 covers the plus shape (centre distance 1 is within, sqrt 2 is not)', () => {
    const m = blank(8, 8);
    rasteriseStroke(m, { points: [4.5, 4.5], width: 2 });
    expect(covered(m)).toEqual(['4,3', '3,4', '4,4', '5,4', '4,5']);
  });

  it('a dab of width 1 between pixel centres covers nothing nearer than 0.5 only', () => {
    const m = blank(4, 4);
    rasteriseStroke(m, { points: [2, 2], width: 1 }); // nearest centres are sqrt(0.5) = 0.707 away
    expect(covered(m)).toEqual([]);
    rasteriseStroke(m, { points: [2, 2], width: 1.5 });
    expect(covered(m)).toEqual(['1,1', '2,1', '1,2', '2,2']);
  });

  it('a horizontal line of width 2 covers two rows between its round caps', () => {
    const m = blank(12, 6);
    rasteriseStroke(m, { points: [2, 3, 9, 3], width: 2 });
    // rows 2 and 3 (centres 2.5 and 3.5 are 0.5 away); caps reach x centres 1.5 and 9.5 only
    // where the vertical offset leaves room: (1.5, 2.5) is sqrt(0.5) from (2, 3), within 1.
    const expected: string[] = [];
    for (const y of [2, 3]) for (let x = 1; x <= 9; x++) expected.push(`${x},${y}`);
    expect(covered(m)).toEqual(expected);
  });

  it.each([1, 2, 3, 4.5, 7, 12, 25])('matches the brute-force contract for width %s on a zig-zag', (width) => {
    const s: Stroke = { points: [3.2, 4.7, 20.1, 9.9, 11.5, 27.3, 29, 29, 29, 29, 2, 30.5], width };
    const m = blank(34, 34);
    rasteriseStroke(m, s);
    expect(new Set(covered(m))).toEqual(reference(34, 34, s));
  });

  it('matches the brute-force contract on 150 seeded random strokes (runs solved per row)', () => {
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let k = 0; k < 150; k++) {
      const points: number[] = [];
      const n = 1 + Math.floor(rand() * 4);
      for (let i = 0; i < n; i++) points.push(rand() * 40 - 4, rand() * 30 - 4);
      // Some on exact pixel centres and integer widths, where boundaries are hit exactly.
      if (k % 3 === 0) for (let i = 0; i < points.length; i++) points[i] = Math.round(points[i]) + 0.5;
      const s: Stroke = { points, width: k % 3 === 0 ? 1 + (k % 7) : 0.5 + rand() * 14 };
      const m = blank(36, 26);
      rasteriseStroke(m, s);
      expect(new Set(covered(m)), JSON.stringify(s)).toEqual(reference(36, 26, s));
    }
  });

  it('segment-by-segment rasterisation equals the whole stroke, and each dirty box holds its changes', () => {
    const s: Stroke = { points: [5, 5, 40, 12, 22, 35, 48, 48], width: 6 };
    const whole = rasteriseStrokes(50, 50, [s]);
    const inc = blank(50, 50);
    for (let i = 0; i < 4; i++) {
      const before = inc.data.slice();
      const box = rasteriseSegment(inc, s, i)!;
      for (let y = 0; y < 50; y++)
        for (let x = 0; x < 50; x++) {
          const inside = x >= box[0] && x < box[2] && y >= box[1] && y < box[3];
          if (!inside) expect(inc.data[y * 50 + x]).toBe(before[y * 50 + x]);
        }
    }
    expect(inc.data).toEqual(whole.data);
  });

  it('clips to the image: strokes off the edge touch nothing outside and do not throw', () => {
    const m = blank(10, 10);
    const box = rasteriseStroke(m, { points: [-20, -20, 5, 5, 30, 5], width: 4 });
    expect(box).toEqual([0, 0, 10, 7]); // centres up to y = 5 + 2
    expect(rasteriseStroke(m, { points: [-50, -50], width: 4 })).toBeNull();
  });

  it('works at full resolution on a 6000 x 4000 mask: pixels land exactly at source coordinates', () => {
    const m = blank(6000, 4000);
    const box = rasteriseStroke(m, { points: [5000.5, 3000.5, 5100.5, 3000.5], width: 20 });
    expect(box).toEqual([4990, 2990, 5111, 3011]);
    expect(m.data[3000 * 6000 + 5050]).toBe(255);
    expect(m.data[3010 * 6000 + 5050]).toBe(255); // 9.5 px below the line < 10
    expect(m.data[3011 * 6000 + 5050]).toBe(0); // 10.5 px below
    expect(m.data[3000 * 6000 + 4990]).toBe(255); // cap: 10 px left of the start (<= 10)
    expect(m.data[3000 * 6000 + 4989]).toBe(0);
  });
});

describe('erase', () => {
  it('clears exactly the covered pixels and leaves the rest', () => {
    const m = blank(8, 8);
    m.data.fill(255);
    rasteriseStroke(m, { points: [4.5, 4.5], width: 2, erase: true });
    const kept = covered(m);
    expect(kept).toHaveLength(64 - 5);
    for (const p of ['4,3', '3,4', '4,4', '5,4', '4,5']) expect(kept).not.toContain(p);
  });

  it('strokes replay in order: paint, erase a hole, paint again', () => {
    const m = rasteriseStrokes(10, 1, [
      { points: [0, 0.5, 10, 0.5], width: 1 },
      { points: [2.5, 0.5, 5.5, 0.5], width: 1, erase: true }, // covers centres 2.5..5.5
      { points: [4.5, 0.5], width: 1 },
    ]);
    expect(Array.from(m.data)).toEqual([255, 255, 0, 0, 255, 0, 255, 255, 255, 255]);
  });
});

describe('rect strokes', () => {
  it('covers pixels whose centre is inside the box (half-open), in any drag direction', () => {
    const a = rasteriseStrokes(6, 6, [{ points: [1, 1, 4, 3], width: 0, shape: 'rect' }]);
    const b = rasteriseStrokes(6, 6, [{ points: [4, 3, 1, 1], width: 99, shape: 'rect' }]);
    expect(covered(a)).toEqual(['1,1', '2,1', '3,1', '1,2', '2,2', '3,2']);
    expect(b.data).toEqual(a.data);
  });

  it('fractional corners use pixel centres; erase rects clear', () => {
    const m = rasteriseStrokes(6, 6, [{ points: [0.6, 0.4, 2.5, 1.6], width: 1, shape: 'rect' }]);
    expect(covered(m)).toEqual(['1,0', '1,1']); // x centres 1.5 (0.5 < 0.6, 2.5 is not < 2.5)
    rasteriseStroke(m, { points: [0, 0, 6, 1], width: 1, shape: 'rect', erase: true });
    expect(covered(m)).toEqual(['1,1']);
  });
});

describe('strokeBounds', () => {
  it('bounds every pixel the stroke covers', () => {
    const s: Stroke = { points: [3.2, 4.7, 20.1, 9.9, 11.5, 27.3], width: 5 };
    const m = rasteriseStrokes(40, 40, [s]);
    const [x0, y0, x1, y1] = strokeBounds(s, 40, 40)!;
    for (const p of covered(m)) {
      const [x, y] = p.split(',').map(Number);
      expect(x >= x0 && x < x1 && y >= y0 && y < y1).toBe(true);
    }
    expect(strokeBounds({ points: [], width: 5 }, 40, 40)).toBeNull();
  });
});
