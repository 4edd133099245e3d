// Word boxes into phrase boxes. DBNet often splits a line at wide word spaces, and a box
// over one word of "Walk slowly and look around" leaves the rest for the operator to find:
// what the user sees and removes is the phrase. Boxes on one line (sharing most of their
// height, of similar height) and closer than a word space of their lettering are joined, and
// so is a far shorter box standing on the line's baseline: a word with no capital or ascender.
// Farther apart, or of clearly different sizes, they stay separate texts, so two captions
// with an object between them never become one box over the object.
import type { Box, ScoredBox } from '../../core/types.ts';

/** Largest horizontal gap joined, as a share of the line height (a word space is about 0.3-0.6). */
export const PHRASE_GAP = 0.9;
/** Boxes whose heights differ by more than this factor are different texts (but see lowercaseWord). */
const HEIGHT_RATIO = 1.5;
/** A lowercase word's box is at least this share of its line's: an x-height. */
const X_HEIGHT = 0.4;
/** How far (share of the line's height) a lowercase word's box may reach past its line's. */
const INSIDE_SLACK = 0.1;
/** Share of the taller box's height the two must share. */
export const SHARED_HEIGHT = 0.6;

const height = (b: Box) => b[3] - b[1];

/**
 * Whether two boxes hold parts of one phrase: on one line (sharing most of the taller's
 * height, of similar height, or the shorter a lowercase word of the taller's line) and closer
 * than a word space of their lettering (touching or overlapping counts).
 */
export function samePhrase(a: Box, b: Box): boolean {
  const ha = height(a),
    hb = height(b);
  if (Math.max(ha, hb) > HEIGHT_RATIO * Math.min(ha, hb)) return ha > hb ? lowercaseWord(a, b) : lowercaseWord(b, a);
  const shared = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (shared < SHARED_HEIGHT * Math.max(ha, hb)) return false;
  const gap = Math.max(a[0], b[0]) - Math.min(a[2], b[2]);
  return gap <= PHRASE_GAP * Math.min(ha, hb);
}

/**
 * Whether `small`, far shorter than `tall`, is a word of its line without capitals or
 * ascenders ("ays" beside "Quiet"): its box lies within the line's height and is at least an
 * x-height tall, and it is within a word space of the line's height from it.
 */
function lowercaseWord(tall: Box, small: Box): boolean {
  const ht = height(tall),
    hs = height(small);
  if (hs < X_HEIGHT * ht) return false;
  if (small[1] < tall[1] - INSIDE_SLACK * ht || small[3] > tall[3] + INSIDE_SLACK * ht) return false;
  // It stands on the line's baseline: the room the line has above it is the capitals' and
  // ascenders', at least twice what is below it (seed 4242's ladybird: a box over the white
  // spots of its eye, centred on a caption's height beside it, is no word of the caption).
  if (tall[3] - small[3] > 0.5 * (small[1] - tall[1])) return false;
  const gap = Math.max(tall[0], small[0]) - Math.min(tall[2], small[2]);
  return gap <= PHRASE_GAP * ht;
}

/** Joins boxes of one phrase into their union (score: the best of them); lines stay apart. */
export function joinPhrases(boxes: readonly ScoredBox[]): ScoredBox[] {
  const parent = boxes.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) if (samePhrase(boxes[i].box, boxes[j].box)) parent[find(i)] = find(j);
  const groups = new Map<number, ScoredBox>();
  boxes.forEach((b, i) => {
    const g = groups.get(find(i));
    if (!g) groups.set(find(i), { box: [...b.box], score: b.score });
    else {
      g.box = [Math.min(g.box[0], b.box[0]), Math.min(g.box[1], b.box[1]), Math.max(g.box[2], b.box[2]), Math.max(g.box[3], b.box[3])];
      g.score = Math.max(g.score, b.score);
    }
  });
  return [...groups.values()];
}
