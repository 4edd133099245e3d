import { describe, expect, it } from 'vitest';
import { detectionPlan, lookViews } from './plan.ts';

const sides = (plan: { tensorWidth: number; tensorHeight: number }[][]) => plan.map((l) => l.map((v) => [v.tensorWidth, v.tensorHeight]));

describe('detectionPlan', () => {
  it('sees a 960 px photo at 0.75x and 1x, a small one at 0.75x and 1.5x, and tiles a large one finely', () => {
    // The finer levels in two overlapping halves: no tensor over MAX_VIEW_PIXELS.
    expect(sides(detectionPlan([0, 0, 960, 600], 960, 'auto'))).toEqual([
      [[736, 448]],
      [
        [512, 608],
        [512, 608],
      ],
    ]);
    expect(sides(detectionPlan([0, 0, 512, 512], 960, 'auto'))).toEqual([
      [[384, 384]],
      [
        [416, 768],
        [416, 768],
      ],
    ]);
    const large = detectionPlan([0, 0, 6000, 4000], 960, 'auto');
    expect(large).toHaveLength(3);
    expect(large[2].length).toBeGreaterThan(20);
  });

  it('cuts a level too large for one tensor into halves that overlap and cover it', () => {
    const [, halves] = detectionPlan([0, 0, 960, 600], 960, 'auto');
    expect(halves.map((v) => [v.x0, v.y0, v.x1, v.y1])).toEqual([
      [0, 0, 512, 600],
      [448, 0, 960, 600],
    ]);
    // The check after a fill looks at small crops with a small working side: seen whole.
    expect(sides(detectionPlan([100, 100, 460, 180], 360, 'auto'))).toEqual([[[256, 64]], [[352, 96]]]);
    expect(sides(detectionPlan([10, 10, 100, 50], 64, 'auto'))).toEqual([[[64, 32]], [[64, 32]]]);
    // A portrait photo is cut across its height.
    const [, tall] = detectionPlan([0, 0, 600, 960], 960, 'auto');
    expect(tall.map((v) => [v.x0, v.y0, v.x1, v.y1])).toEqual([
      [0, 0, 600, 512],
      [0, 448, 600, 960],
    ]);
  });
});

describe('lookViews', () => {
  it('looks at a photo whole at the coarse level, and not at photos the fine tiles cover', () => {
    expect(lookViews([0, 0, 1024, 691], 960, 0.75)).toEqual([{ x0: 0, y0: 0, x1: 1024, y1: 691, tensorWidth: 736, tensorHeight: 480 }]);
    expect(lookViews([0, 0, 451, 300], 960, 0.75)).toEqual([{ x0: 0, y0: 0, x1: 451, y1: 300, tensorWidth: 352, tensorHeight: 224 }]);
    expect(lookViews([0, 0, 1920, 1280], 960, 0.75)).toHaveLength(1);
    expect(lookViews([0, 0, 6000, 4000], 960, 0.75)).toEqual([]);
    // The polarity looks' half scale: a small photo seen at half size; none once that would shrink it below 0.375.
    expect(lookViews([0, 0, 451, 300], 960, 0.5)).toEqual([{ x0: 0, y0: 0, x1: 451, y1: 300, tensorWidth: 224, tensorHeight: 160 }]);
    expect(lookViews([0, 0, 1920, 1280], 960, 0.5)).toEqual([]);
  });
});
