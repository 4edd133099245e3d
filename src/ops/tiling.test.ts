import { describe, expect, it } from 'vitest';
import { featherWeight, tileSpans } from './tiling.ts';

describe('tileSpans', () => {
  it('is one span when the length fits', () => {
    expect(tileSpans(100, 192, 16)).toEqual([{ start: 0, end: 100 }]);
  });

  it('covers the length with spans of the tile size overlapping by at least the overlap', () => {
    for (const length of [193, 400, 1000, 6000]) {
      const spans = tileSpans(length, 192, 16);
      expect(spans[0].start).toBe(0);
      expect(spans.at(-1)!.end).toBe(length);
      for (const s of spans) expect(s.end - s.start).toBe(192);
      for (let i = 1; i < spans.length; i++) expect(spans[i - 1].end - spans[i].start).toBeGreaterThanOrEqual(16);
    }
  });
});

describe('featherWeight', () => {
  it('sums to exactly 1 at every position and fades to 0 towards a tile edge', () => {
    const spans = tileSpans(500, 128, 24);
    for (let p = 0.25; p < 500; p += 0.5) {
      const sum = spans.reduce((s, _, i) => s + featherWeight(spans, i, p), 0);
      expect(sum).toBeCloseTo(1, 12);
    }
    const edge = spans[0].end - 0.5;
    expect(featherWeight(spans, 0, edge)).toBeLessThan(0.05);
    expect(featherWeight(spans, 1, spans[1].start + 0.5)).toBeLessThan(0.05);
  });
});

describe('tight tileSpans', () => {
  it('uses as many spans as the tile size needs, each as short as their overlap allows', () => {
    expect(tileSpans(256, 192, 16, true)).toEqual([
      { start: 0, end: 136 },
      { start: 120, end: 256 },
    ]);
    for (const length of [193, 257, 512, 1000, 6000]) {
      const loose = tileSpans(length, 192, 16);
      const spans = tileSpans(length, 192, 16, true);
      expect(spans.length).toBe(loose.length);
      expect(spans[0].start).toBe(0);
      expect(spans.at(-1)!.end).toBe(length);
      for (const s of spans) expect(s.end - s.start).toBeLessThanOrEqual(192);
      for (let i = 1; i < spans.length; i++) {
        const shared = spans[i - 1].end - spans[i].start;
        expect(shared).toBeGreaterThanOrEqual(16);
        expect(shared).toBeLessThanOrEqual(16 + spans.length);
      }
    }
  });
});
