// Glyph-shaped boxes: what the text detector boxes that is neither a line of text nor a
// column of it. Detection leaves them out by default (detect.ts, `glyphs`).
import type { ScoredBox } from '../../core/types.ts';

/**
 * Boxes whose width over height lies in this range are neither a line of text nor a column
 * of it (a word set vertically is at least twice as tall as wide): a glyph or two, or no
 * text at all. On the held-out synthetic set's cat the detector boxed an eye (48 x 53 px,
 * score 0.97), and Remove text erased the pupil; on the dev and wider sets' photos without
 * their text it boxed part of a cup, a dune's crest (197 x 174 px), a flower's stamen and a
 * detail of the motorcycle. No box it finds on those sets' texted photos comes near this
 * range (the squarest is over twice as wide as tall): their recall is unchanged.
 */
export const GLYPH_ASPECTS: readonly [number, number] = [0.5, 1.5];

/** `boxes` without the glyph-shaped ones (GLYPH_ASPECTS). */
export function withoutGlyphs(boxes: readonly ScoredBox[]): ScoredBox[] {
  return boxes.filter(({ box }) => {
    const aspect = (box[2] - box[0]) / (box[3] - box[1]);
    return aspect <= GLYPH_ASPECTS[0] || aspect >= GLYPH_ASPECTS[1];
  });
}
