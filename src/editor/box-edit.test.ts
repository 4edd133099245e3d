import { describe, expect, it } from 'vitest';
import { dragBox, hitTest } from './box-edit.ts';
import type { Box } from '../core/types.ts';

describe('box editing', () => {
  const boxes: Box[] = [
    [0, 0, 100, 100],
    [40, 40, 60, 50],
  ];
  it('hits the selected box handles first, then the smallest box under the point', () => {
    expect(hitTest(boxes, null, [50, 45], 4)).toEqual({ index: 1, handle: 'move' });
    expect(hitTest(boxes, 1, [61, 51], 4)).toEqual({ index: 1, handle: 'se' });
    expect(hitTest(boxes, 0, [50, 1], 4)).toEqual({ index: 0, handle: 'n' });
    expect(hitTest(boxes, null, [150, 150], 4)).toBeNull();
  });
  it('moves within the image and resizes in whole pixels, flipping rather than inverting', () => {
    expect(dragBox([10, 10, 20, 20], 'move', -30, 5.4, 50, 50)).toEqual([0, 15, 10, 25]);
    expect(dragBox([10, 10, 20, 20], 'e', 4.6, 99, 50, 50)).toEqual([10, 10, 25, 20]);
    expect(dragBox([10, 10, 20, 20], 'nw', 15, 15, 50, 50)).toEqual([20, 20, 25, 25]);
    expect(dragBox([10, 10, 20, 20], 'se', 100, 100, 50, 50)).toEqual([10, 10, 50, 50]);
  });
});
