// Remove text in one call: detect -> mask from the accepted boxes -> fill -> look again
// around the filled boxes: fill the rest of a phrase that a box held only in part (the box
// grows over it) and text the mask missed within a box, look once more, and flag what is
// left or what the stroke looks still read (leftovers.ts, REPORT_PASSES). The operator may
// pass reviewed boxes instead of detecting, and may limit everything to a region. Nothing
// outside the text boxes (grown over their phrases) grown by a few pixels is ever part of
// the fill (confine.ts); the result says how many pixels changed beyond that anyway and
// which text may remain, and either is a reason for a person to look (`needsReview`).
import type { Box, Mask, RgbaImage, ScoredBox } from '../../core/types.ts';
import { throwIfAborted, type OpContext } from '../context.ts';
import { coveredFraction } from '../detect-text/coverage.ts';
import { detectText } from '../detect-text/detect.ts';
import type { ModelRef } from '../models.ts';
import type { InpaintOptions, RegionRun } from '../inpaint/index.ts';
import { TEXTURED_RING_GRADIENT } from '../inpaint/ring-texture.ts';
import { changedOutside, clip, confine, grownBox, grownInZone, MASK_REACH, overlaps, TEXT_REACH, union, zoneMask } from './confine.ts';
import { findLeftovers, REPORT_PASSES, SAME_LEFTOVER, type Leftovers, type TextDetector } from './leftovers.ts';
import { fillText } from './text-fill.ts';
import { textMaskAndOverlays } from './text-mask.ts';
import { untouchedBoxes } from './untouched.ts';
import { unblendWatermarks } from './watermark.ts';

export type { TextDetector } from './leftovers.ts';

/** Progress stages of setting up a model (the browser's download, any host's session creation). */
const SETUP_STAGES = new Set(['download', 'load model']);

/** Growth of the text-pixel mask: anti-aliasing, thin outlines and soft shadows. */
export const TEXT_DILATE = 2;

/**
 * On flat surroundings (see TEXT_FLAT_RING_GRADIENT), text masks up to about 48 px thick
 * (strokes of ~100 px lettering after growth, merged letters, small lines taken whole) are
 * filled by diffusion: across them nothing textured is missing, and copied patches would
 * bring in unrelated structure and leave letter-shaped seams.
 */
export const TEXT_THIN_RADIUS = 24;

/**
 * Thin text on textured surroundings (ringGradient above this) gets the layered fill, not
 * diffusion: a smooth fill on grass, fur or rough wood is a smudge in the shape of the
 * letters. On flat ones diffusion continues shading and the few edges best.
 */
export const TEXT_FLAT_RING_GRADIENT = TEXTURED_RING_GRADIENT;

/**
 * Rounds of "check, then fill what it found" after the first fill; a last check after them
 * only reports. Leftovers within a box are filled in the first round only; the second takes
 * the rest of a phrase that the first round's growth brought to light (storm-full's
 * "hour", over dark cloud, read as part of the line once "Go" was gone).
 */
const FILL_ROUNDS = 2;

/**
 * The rest of a phrase that a later round reads with at least this share of its length
 * over what earlier rounds filled is filled whole (cut to its phrase's box), not by its text
 * pixels: those were taken there already, and the text still reads, so the colours do not
 * tell this line's text apart. storm-full's dark grey "Golden hour" over a dark field and a
 * light guard rail: each round's pixel mask held only the letters over the rail, and the
 * line stayed readable, flagged (wider set: 17.6 -> 25.2 dB on that photo, Telea 22.3;
 * nothing else changed on the dev, wider or held-out sets).
 */
const READ_AGAIN_SHARE = 0.5;

/** A residue left over an unblended watermark is refilled over its letters grown by this much more than the first fill. */
const LEFTOVER_GROWTH = 1;

/**
 * Leftovers are refilled over boxes, not letters: holes up to a line's height thick, which
 * the thin-text rule (TEXT_THIN_RADIUS: coherence transport, relaxed) fills from their long
 * sides, flattening whatever runs along them (storm-full's guard rail became a flat band,
 * 25.2 dB). With a thin-hole radius of 6 (the inpaint op's, when its masks grew by a 4 px
 * disc) the rail runs on through the box (35.5 dB). Wider set 32.79 -> 33.24 dB, held-out
 * synthetic 29.02 -> 29.03 (one case -1.0 dB, one +1.1), dev unchanged.
 */
const LEFTOVER_THIN_RADIUS = 6;

export interface RemoveTextOptions extends InpaintOptions {
  /** Only detect and fill inside this box (source pixels). */
  region?: Box;
  /** Boxes the operator reviewed and accepted; when given, detection is skipped. */
  boxes?: Box[];
  /** Skip the check for leftover text after the fill. */
  skipRecheck?: boolean;
}

export interface RemoveTextResult {
  image: RgbaImage;
  /** The boxes that were filled (reviewed boxes score 1), grown over the rest of their phrase where the check found it. */
  boxes: ScoredBox[];
  /** Every pixel the fill was given (the text pixels, grown, within the boxes' reach). */
  mask: Mask;
  runs: RegionRun[];
  /** Text the detector still finds on the result over the filled boxes: show it to the operator. */
  leftover: ScoredBox[];
  /**
   * Text the check found after the first fill and filled: within its box (filled again, cut
   * to the box), or continuing a box's phrase (that box grew over it, in `boxes`).
   */
  refilled: ScoredBox[];
  /** Pixels changed farther than the text reach from every box: should be 0; any is a reason to look. */
  changedOutside: number;
  /** A person should look at the result: leftover text, or pixels changed outside the text boxes. */
  needsReview: boolean;
}

/**
 * How far past a box the fill mask may reach: MASK_REACH, or the operator's own growth
 * when that is larger (the promise, TEXT_REACH, grows with it).
 */
function maskReach(dilate: number): number {
  return Math.max(MASK_REACH, dilate);
}

/** Fill settings and the reach shared by every fill of one removal. */
interface FillPlan {
  fillOptions: InpaintOptions;
  dilate: number;
  reach: number;
  region: Box;
  /** The operator's region, if any (the text mask's and unblend's limit). */
  limit?: Box;
}

/**
 * Takes the text of `boxes` out of `image`: the text pixels (textMask), unblended where a
 * watermark's blend can be measured, the rest grown and filled, all within the boxes' reach.
 * `mask` gets the text pixels too.
 */
async function fillBoxes(image: RgbaImage, boxes: readonly Box[], mask: Mask, plan: FillPlan, ctx: OpContext) {
  const { width, height } = image;
  const { dilate, reach, region } = plan;
  const { mask: text, overlays } = textMaskAndOverlays(image, boxes, plan.limit);
  const zone = zoneMask(width, height, boxes, reach, region);
  // Semi-transparent text is taken out exactly where its blend can be measured; the rest is filled.
  const unblended = unblendWatermarks(image, text, boxes, plan.limit, overlays);
  const hole = dilate > 0 ? grownInZone(unblended.mask, dilate, boxes, reach, region) : confine(unblended.mask, zone);
  // Letter edges the unblend left to the fill are text too.
  for (let i = 0; i < mask.data.length; i++) if (hole.data[i] || text.data[i]) mask.data[i] = 255;
  const filled = await fillText(unblended.image, hole, plan.fillOptions, ctx);
  return { ...filled, unblended: unblended.unblended };
}

/** The share of line `f`'s length (along x) that boxes meeting its rows span: their spans' union, as coveredFraction counts it. */
function shareAlong(f: Box, boxes: readonly Box[]): number {
  const spans = boxes.filter((b) => b[1] < f[3] && b[3] > f[1]).map((b): Box => [b[0], 0, b[2], 1]);
  return coveredFraction([f[0], 0, f[2], 1], spans);
}

/**
 * What the stroke looks still read over or along `boxes` on `image` (REPORT_PASSES), apart
 * from what `reported` holds already: only reported, never filled.
 */
async function strokeLeftovers(
  detect: TextDetector,
  image: RgbaImage,
  boxes: readonly Box[],
  reported: readonly ScoredBox[],
  plan: FillPlan,
  ctx: OpContext,
  phrases: boolean,
): Promise<ScoredBox[]> {
  const found = await findLeftovers(detect, image, boxes, plan.region, plan.reach, ctx, phrases, REPORT_PASSES);
  const seen = reported.map((l) => l.box);
  const added: ScoredBox[] = [];
  for (const f of [...found.inside.map((l) => l.found), ...found.continuing.map((c) => c.found), ...found.outside])
    if (coveredFraction(f.box, seen) < SAME_LEFTOVER) {
      added.push(f);
      seen.push(f.box);
    }
  return added;
}

/** `boxes` with each grown over the leftovers that continue its phrase (`of`: the box's index). */
function grownPhrases(boxes: readonly Box[], continuing: Leftovers['continuing']): Box[] {
  const out = boxes.map((b) => [...b] as Box);
  for (const { found, of } of continuing) out[of] = union(out[of], found.box);
  return out;
}

export async function removeTextWith(
  detect: TextDetector,
  image: RgbaImage,
  options: RemoveTextOptions = {},
  ctx: OpContext = {},
): Promise<RemoveTextResult> {
  // Each part reports as its own stage; fetching a model and opening its session (a first
  // run's wait) keep their own names, so they show apart from the work.
  const stage = (name: string) => (p: { stage?: string; fraction: number; detail?: string }) =>
    ctx.onProgress?.({ ...p, stage: p.stage && SETUP_STAGES.has(p.stage) ? p.stage : name });
  const detected =
    options.boxes?.map((box) => ({ box, score: 1 })) ??
    (await detect(image, { region: options.region }, { ...ctx, onProgress: stage('detect text') }));
  const { width, height } = image;
  const region = options.region ?? [0, 0, width, height];
  const mask: Mask = { width, height, data: new Uint8Array(width * height) };
  if (detected.length === 0)
    return { image, boxes: detected, mask, runs: [], leftover: [], refilled: [], changedOutside: 0, needsReview: false };
  throwIfAborted(ctx.signal);
  const dilate = options.dilate ?? TEXT_DILATE;
  const reach = maskReach(dilate);
  // The mask is grown here and cut to the boxes' reach, so the fill adds no growth of its own.
  const plan: FillPlan = {
    fillOptions: {
      ...options,
      dilate: 0,
      thinHoleRadius: options.thinHoleRadius ?? TEXT_THIN_RADIUS,
      flatRingGradient: options.flatRingGradient ?? TEXT_FLAT_RING_GRADIENT,
    },
    dilate,
    reach,
    region,
    limit: options.region,
  };
  const textBoxes = detected.map((b) => b.box);
  const first = await fillBoxes(image, textBoxes, mask, plan, { ...ctx, onProgress: stage('remove text') });
  let filled = first.image;
  const runs = [...first.runs];
  let boxes = textBoxes;
  let leftover: ScoredBox[] = [];
  const refilled = new Set<ScoredBox>();
  const check = { ...ctx, onProgress: stage('check for leftover text') };
  // The boxes the next check looks around, and the text box each belongs to.
  let looked = textBoxes;
  let owner = textBoxes.map((_, i) => i);
  for (let round = 0; !options.skipRecheck; round++) {
    // Reviewed boxes are a person's: the check does not grow them over what continues them.
    const found = await findLeftovers(detect, filled, looked, region, reach, check, !options.boxes);
    if (round === FILL_ROUNDS) {
      // The last look: whatever it finds is reported, not filled.
      leftover = [...leftover, ...found.outside, ...found.inside.map((l) => l.found), ...found.continuing.map((c) => c.found)];
      break;
    }
    // Leftovers reaching past their box, on no filled phrase's line, are never filled: a
    // person looks at them. Leftovers within a box are filled whole once: what a later look
    // still reads there is reported.
    const inside = round === 0 ? found.inside : [];
    leftover = [...leftover, ...found.outside, ...(round === 0 ? [] : found.inside.map((l) => l.found))];
    if (!inside.length && !found.continuing.length) break;
    // The rest of a phrase whose first box held only part of it: its box grows over it, and
    // the rest's text is taken out as the first fill took the phrase's first part (text
    // pixels, not the whole box). On the first fill's result: taking the grown phrase again
    // from the photo lost more than it gained where the grown box's colours tell its text
    // apart less well than the first box's (raindrops-leaf's dark "@wildframes" came back
    // whole, faint), and the text the check reads on the result is exactly what is left.
    // Read again mostly over what earlier rounds filled: taken whole (READ_AGAIN_SHARE).
    const again = round === 0 ? [] : found.continuing.filter((c) => shareAlong(c.found.box, boxes) >= READ_AGAIN_SHARE);
    const grew = new Set(found.continuing.map((c) => owner[c.of]));
    boxes = grownPhrases(
      boxes,
      found.continuing.map((c) => ({ found: c.found, of: owner[c.of] })),
    );
    const rest = found.continuing.filter((c) => !again.includes(c)).map((c) => c.found.box);
    if (rest.length) {
      const more = await fillBoxes(filled, rest, mask, plan, { ...ctx, onProgress: stage('remove the rest of the phrase') });
      filled = more.image;
      runs.push(...more.runs);
    }
    const fills = [...inside.map((l) => l.fill), ...again.map((c) => clip(c.found.box, grownBox(boxes[owner[c.of]], reach)))];
    if (fills.length) {
      // Text the pixel mask missed (faint watermarks, shadows close to the background's
      // colours): fill those leftovers whole, cut to their text box.
      const zone = zoneMask(width, height, boxes, reach, region);
      // Over unblended watermarks the leftover is a faint residue of the letters the mask
      // holds: those are filled again, grown, not the whole box, which would smear the hair
      // or grass the unblend brought back.
      // (only where it meets the zone counts)
      const residue = grownInZone(mask, dilate + LEFTOVER_GROWTH, boxes, reach, region);
      const wholeFills = fills.filter((f) => !first.unblended.some((u) => overlaps(u.box, f)));
      const residueFills = fills.filter((f) => first.unblended.some((u) => overlaps(u.box, f)));
      const whole = confine(zoneMask(width, height, wholeFills, 0, region), zone);
      const onResidue = zoneMask(width, height, residueFills, 0, region);
      for (let i = 0; i < whole.data.length; i++) if (onResidue.data[i] && residue.data[i] && zone.data[i]) whole.data[i] = 255;
      const boxFill = { ...plan.fillOptions, thinHoleRadius: options.thinHoleRadius ?? LEFTOVER_THIN_RADIUS };
      const second = await fillText(filled, whole, boxFill, { ...ctx, onProgress: stage('remove leftover text') });
      filled = second.image;
      runs.push(...second.runs);
      for (let i = 0; i < mask.data.length; i++) if (whole.data[i]) mask.data[i] = 255;
    }
    for (const l of [...inside, ...found.continuing]) refilled.add(l.found);
    // The next look: around what was filled again and the phrases that grew.
    looked = [...fills, ...[...grew].map((i) => boxes[i])];
    owner = [...inside.map((l) => owner[l.of]), ...again.map((c) => owner[c.of]), ...grew];
  }
  if (!options.skipRecheck)
    leftover = [...leftover, ...(await strokeLeftovers(detect, filled, boxes, leftover, plan, check, !options.boxes))];
  const scored = detected.map((b, i) => ({ ...b, box: boxes[i] }));
  if (!options.skipRecheck) leftover = [...leftover, ...untouchedBoxes(image, filled, scored, leftover)];
  const changed = changedOutside(image, filled, zoneMask(width, height, boxes, reach + TEXT_REACH - MASK_REACH, region));
  return {
    image: filled,
    boxes: scored,
    mask,
    runs,
    leftover,
    refilled: [...refilled],
    changedOutside: changed,
    needsReview: leftover.length > 0 || changed > 0,
  };
}

/** The remove-text op on the project's text detector (PP-OCRv3 through the inference port); `detectors`: the models that detected (none when boxes were given). */
export async function removeText(
  image: RgbaImage,
  options: RemoveTextOptions = {},
  ctx: OpContext = {},
): Promise<RemoveTextResult & { detectors: ModelRef[] }> {
  const detectors: ModelRef[] = [];
  const result = await removeTextWith(
    async (img, o, c) => {
      const found = await detectText(img, o, c);
      // Every model any call ran (the last look runs the first detector only).
      for (const m of found.models ?? [found.model]) if (!detectors.some((d) => d.id === m.id)) detectors.push(m);
      return found.boxes;
    },
    image,
    options,
    ctx,
  );
  return { ...result, detectors };
}
