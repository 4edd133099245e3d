import { describe, expect, it } from 'vitest';
import type { Box } from '../../core/types.ts';
import { mergePasses, type PassBox } from './merge.ts';

const pb = (box: Box, pass: number, score = 0.8): PassBox => ({ box, score, pass });
const boxes = (list: PassBox[]) =>
  mergePasses(list)
    .map((b) => b.box)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);

describe('mergePasses', () => {
  it('joins a line cut by a tile edge with the same line seen whole in the next tile', () => {
    expect(boxes([pb([100, 50, 300, 80], 0), pb([250, 51, 420, 81], 1)])).toEqual([[100, 50, 420, 81]]);
  });

  it('keeps apart the words one pass separated, and the same text seen twice becomes one box', () => {
    expect(boxes([pb([10, 10, 60, 30], 0), pb([58, 10, 120, 30], 0)])).toEqual([
      [10, 10, 60, 30],
      [58, 10, 120, 30],
    ]);
    expect(mergePasses([pb([10, 10, 60, 30], 0, 0.7), pb([10, 10, 60, 30], 1, 0.9)])).toEqual([{ box: [10, 10, 60, 30], score: 0.9 }]);
  });

  it('drops a coarse block of two lines that finer passes found line by line', () => {
    const lines = [pb([10, 10, 200, 30], 1), pb([10, 30, 200, 50], 1)];
    expect(boxes([pb([12, 11, 198, 49], 0), ...lines])).toEqual([
      [10, 10, 200, 30],
      [10, 30, 200, 50],
    ]);
  });

  it("leaves a look's fatter box out where the photo found the line, and lets it complete a line found in part", () => {
    const look = (box: Box): PassBox => ({ ...pb(box, 2), look: true });
    expect(boxes([pb([100, 50, 200, 60], 0), look([96, 47, 204, 63])])).toEqual([[100, 50, 200, 60]]);
    expect(boxes([pb([500, 50, 600, 80], 0), look([100, 48, 600, 80])])).toEqual([[100, 48, 600, 80]]);
  });

  it("leaves out a look's block around a photo line several times its height, but not a large watermark a caption crosses", () => {
    const look = (box: Box): PassBox => ({ ...pb(box, 2), look: true });
    // dune grass stalks around a small serif caption, read by the darker look as one block
    expect(boxes([pb([52, 244, 347, 270], 0), look([58, 204, 320, 346])])).toEqual([[52, 244, 347, 270]]);
    // a large faint watermark that a short caption crosses: its box stays (and holds the caption)
    expect(boxes([pb([300, 250, 380, 270], 0), look([100, 200, 700, 320])])).toEqual([[100, 200, 700, 320]]);
  });
});
