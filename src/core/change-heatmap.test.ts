import { describe, expect, it } from 'vitest';
import { CHANGE_THRESHOLD, changeHeatmap } from './change-heatmap.ts';

const image = (w: number, h: number, rgba: [number, number, number, number]) => {
  const a = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < a.length; i += 4) a.set(rgba, i);
  return a;
};

describe('changeHeatmap', () => {
  it('leaves unchanged and barely changed pixels transparent and marks the changed ones', () => {
    const before = image(4, 2, [100, 100, 100, 255]);
    const after = before.slice();
    after[0] += CHANGE_THRESHOLD; // noise: not shown
    after[4 * 5 + 1] = 255; // pixel 5: a large change
    after[4 * 6 + 2] = 100 + CHANGE_THRESHOLD + 4; // pixel 6: a small one
    const { rgba, changed } = changeHeatmap(before, after, 4, 2);
    expect(changed).toBe(2);
    expect(rgba[3]).toBe(0);
    expect([...rgba.subarray(20, 24)]).toEqual([255, 220, 0, 240]);
    expect(rgba[24]).toBe(255);
    expect(rgba[24 + 1]).toBeLessThan(20); // red, not yellow
    expect(rgba[24 + 3]).toBeGreaterThan(100);
    expect([...rgba.subarray(28)].every((v) => v === 0)).toBe(true);
  });

  it('refuses images of another size than stated', () => {
    expect(() => changeHeatmap(new Uint8Array(16), new Uint8Array(12), 2, 2)).toThrow(/2x2 RGBA \(16 bytes\); got 16 and 12/);
  });
});
