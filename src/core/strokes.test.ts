import { describe, expect, it } from 'vitest';
import { rasteriseStrokes } from './strokes.ts';

const covered = (m: { width: number; data: Uint8Array }) =>
  [...m.data].flatMap((v, i) => (v ? [[i % m.width, Math.floor(i / m.width)]] : []));

describe('rasteriseStrokes (pixel-centre coverage)', () => {
  it('covers a pixel when its centre lies within width/2 of the polyline', () => {
    // Horizontal line through y = 2.5, width 1: exactly row 2 between the end caps.
    const m = rasteriseStrokes([{ points: [1.5, 2.5, 4.5, 2.5], width: 1 }], 8, 5);
    expect(covered(m)).toEqual([[1, 2], [2, 2], [3, 2], [4, 2]]);
  });

  it('draws a round dot for a single point', () => {
    const m = rasteriseStrokes([{ points: [4, 4], width: 4 }], 8, 8);
    // Centres within distance 2 of (4, 4): the 4x4 block 2..5 minus its 4 corners (distance 2.12).
    expect(covered(m).length).toBe(12);
    expect(m.data[2 * 8 + 2]).toBe(0);
    expect(m.data[3 * 8 + 3]).toBe(255);
  });

  it('fills a rect by centres inside the box, whatever the corner order, ignoring width', () => {
    const m = rasteriseStrokes([{ points: [5, 3, 2, 1], width: 99, shape: 'rect' }], 8, 6);
    expect(covered(m)).toEqual([[2, 1], [3, 1], [4, 1], [2, 2], [3, 2], [4, 2]]);
  });

  it('lets later erase strokes clear earlier ones, and clips to the image', () => {
    const m = rasteriseStrokes(
      [
        { points: [-5, -5, 20, 20], width: 100, shape: 'rect' },
        { points: [0, 0, 2, 2], width: 1, shape: 'rect', erase: true },
      ],
      4,
      4,
    );
    expect(covered(m).length).toBe(16 - 4);
    expect(m.data[0]).toBe(0);
    expect(m.data[15]).toBe(255);
  });
});
