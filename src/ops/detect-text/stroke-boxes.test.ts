import { describe, expect, it } from 'vitest';
import type { Box } from '../../core/types.ts';
import { extendedAlongStrokes, keptStrokeBoxes, wordsLong, type StrokeBox } from './stroke-boxes.ts';

const light = (box: Box, score = 0.97, pass = 5): StrokeBox => ({ box, score, pass, look: true, polarity: 'light-strokes' });
const dark = (box: Box, score = 0.95, pass = 7): StrokeBox => ({ box, score, pass, look: true, polarity: 'dark-strokes' });

describe('stroke look boxes', () => {
  it('keep a sure line that one polarity shows', () => {
    expect(keptStrokeBoxes([light([126, 386, 312, 423])]).map((b) => b.box)).toEqual([[126, 386, 312, 423]]);
  });

  it('drop a line both polarities show (embossed lettering), whichever scores higher', () => {
    expect(keptStrokeBoxes([light([561, 265, 617, 291], 0.91), dark([556, 266, 618, 294], 0.94)])).toEqual([]);
  });

  it('drop a line that the other polarity shows as a box short of a line', () => {
    // The badge again, as the looks read it beside other text: 59 x 30 px in one, a hair short of a line.
    expect(keptStrokeBoxes([dark([554, 265, 619, 295], 0.96), light([560, 264, 619, 294], 0.96)])).toEqual([]);
  });

  it('keep a line that the other polarity shows only inside a block of texture several lines tall', () => {
    expect(keptStrokeBoxes([light([100, 100, 300, 130]), dark([80, 40, 320, 200], 0.8)]).map((b) => b.box)).toEqual([[100, 100, 300, 130]]);
  });

  it('keep a line beside which the other polarity shows something else', () => {
    const kept = keptStrokeBoxes([light([100, 100, 300, 130]), dark([400, 100, 500, 130])]);
    expect(kept.map((b) => b.box)).toEqual([
      [100, 100, 300, 130],
      [400, 100, 500, 130],
    ]);
  });

  it('drop boxes under the stroke score bar, and short ones', () => {
    expect(keptStrokeBoxes([light([422, 268, 475, 291], 0.84)])).toEqual([]);
    expect(keptStrokeBoxes([light([714, 332, 751, 354])])).toEqual([]);
    expect(wordsLong([714, 332, 751, 354])).toBe(false);
    expect(wordsLong([126, 386, 312, 423])).toBe(true);
  });

  describe('lengthen found lines', () => {
    // A 40% dark "SAMPLE" in a light condensed font over sky and grass (seed 4242's dune):
    // its "S" lies across an orange stalk, and the photo's passes read "AMPLE" only; the dark
    // stroke look reads the word whole (the light one reads the gaps between its strokes).
    const sample = { box: [388, 237, 447, 266] as Box, score: 0.8 };

    it('to the end of a sure stroke line that the found line mostly holds, along the line only', () => {
      const [line] = extendedAlongStrokes([sample], [dark([364, 237, 450, 268], 0.985), light([380, 244, 426, 264], 0.86)]);
      expect(line).toEqual({ box: [364, 237, 447, 266], score: 0.8 });
    });

    it('not by an end within half its height (a look box is a little fatter), nor by an unsure line', () => {
      expect(extendedAlongStrokes([sample], [dark([380, 236, 455, 268])])[0].box).toEqual(sample.box);
      expect(extendedAlongStrokes([sample], [dark([364, 237, 450, 268], 0.86)])[0].box).toEqual(sample.box);
    });

    it('not along a stroke line mostly beyond it, or on another line', () => {
      expect(extendedAlongStrokes([sample], [dark([300, 237, 452, 268])])[0].box).toEqual(sample.box);
      expect(extendedAlongStrokes([sample], [dark([364, 255, 450, 290])])[0].box).toEqual(sample.box);
    });
  });
});
