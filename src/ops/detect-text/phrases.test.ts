import { describe, expect, it } from 'vitest';
import type { Box } from '../../core/types.ts';
import { joinPhrases } from './phrases.ts';

const joined = (...boxes: Box[]) =>
  joinPhrases(boxes.map((box) => ({ box, score: 0.8 })))
    .map((b) => b.box)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);

describe('joinPhrases', () => {
  it('joins the words of one line into one box', () => {
    expect(joined([10, 100, 90, 130], [102, 101, 200, 131], [212, 99, 330, 130])).toEqual([[10, 99, 330, 131]]);
  });

  it('keeps apart two captions with an object between them, and two lines of a paragraph', () => {
    expect(joined([40, 267, 362, 302], [562, 266, 852, 307])).toEqual([
      [40, 267, 362, 302],
      [562, 266, 852, 307],
    ]);
    expect(joined([10, 10, 200, 40], [10, 46, 200, 76])).toEqual([
      [10, 10, 200, 40],
      [10, 46, 200, 76],
    ]);
  });

  it('joins a word without capitals or ascenders to its line, though its box is far shorter', () => {
    // Seed 9001's garden: "Quiet" boxed with its capital, "ays" only an x-height and a descender.
    expect(joined([678, 188, 753, 215], [768, 197, 806, 212])).toEqual([[678, 188, 806, 215]]);
    // Farther than a word space of the line, or reaching above or below it, it is another text.
    expect(joined([678, 188, 753, 215], [790, 197, 830, 212])).toHaveLength(2);
    expect(joined([678, 188, 753, 215], [768, 205, 806, 222])).toHaveLength(2);
    // Seed 4242's ladybird: a box over its eye's white spots, centred on the caption's height.
    expect(joined([738, 314, 876, 340], [663, 321, 717, 334])).toHaveLength(2);
  });

  it('keeps a small timestamp beside a large caption apart', () => {
    expect(joined([10, 100, 300, 150], [305, 135, 400, 148])).toEqual([
      [10, 100, 300, 150],
      [305, 135, 400, 148],
    ]);
  });
});
