// Remove text in one call: detect -> mask from the accepted boxes -> fill -> look again
// around the filled boxes and flag what is left. The operator may pass reviewed boxes
// instead of detecting, and may limit everything to a region. Nothing outside the text
// boxes grown by a few pixels is ever part of the fill (confine.ts); the result says how
// many pixels changed beyond that anyway and which text may remain, and either is a reason
// for a person to look (`needsReview`).
import type { Box, Mask, RgbaImage, ScoredBox } from '../../core/types.ts';
import { throwIfAborted, type OpContext } from '../context.ts';
import { detectText } from '../detect-text/detect.ts';
import type { ModelRef } from '../models.ts';
import type { InpaintOptions, RegionRun } from '../inpaint/index.ts';
import { TEXTURED_RING_GRADIENT } from '../inpaint/ring-texture.ts';
import { changedOutside, confine, grownInZone, MASK_REACH, TEXT_REACH, zoneMask } from './confine.ts';
import { findLeftovers, type TextDetector } from './leftovers.ts';
import { fillText } from './text-fill.ts';
import { textMaskAndOverlays } from './text-mask.ts';
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

/** A residue left over an unblended watermark is refilled over its letters grown by this much more than the first fill. */
const LEFTOVER_GROWTH = 1;

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
  /** The boxes that were filled (reviewed boxes score 1). */
  boxes: ScoredBox[];
  /** Every pixel the fill was given (the text pixels, grown, within the boxes' reach). */
  mask: Mask;
  runs: RegionRun[];
  /** Text the detector still finds on the result over the filled boxes: show it to the operator. */
  leftover: ScoredBox[];
  /** Text the check found within its box after the first fill, and filled again (cut to the box). */
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
  const boxes =
    options.boxes?.map((box) => ({ box, score: 1 })) ??
    (await detect(image, { region: options.region }, { ...ctx, onProgress: stage('detect text') }));
  const { width, height } = image;
  const region = options.region ?? [0, 0, width, height];
  const textBoxes = boxes.map((b) => b.box);
  const { mask, overlays } = textMaskAndOverlays(image, textBoxes, options.region);
  if (boxes.length === 0) return { image, boxes, mask, runs: [], leftover: [], refilled: [], changedOutside: 0, needsReview: false };
  throwIfAborted(ctx.signal);
  const dilate = options.dilate ?? TEXT_DILATE;
  const reach = maskReach(dilate);
  // The mask is grown here and cut to the boxes' reach, so the fill adds no growth of its own.
  const fillOptions: InpaintOptions = {
    ...options,
    dilate: 0,
    thinHoleRadius: options.thinHoleRadius ?? TEXT_THIN_RADIUS,
    flatRingGradient: options.flatRingGradient ?? TEXT_FLAT_RING_GRADIENT,
  };
  const zone = zoneMask(width, height, textBoxes, reach, region);
  // Semi-transparent text is taken out exactly where its blend can be measured; the rest is filled.
  const unblended = unblendWatermarks(image, mask, textBoxes, options.region, overlays);
  const hole = dilate > 0 ? grownInZone(unblended.mask, dilate, textBoxes, reach, region) : confine(unblended.mask, zone);
  // Letter edges the unblend left to the fill are text too.
  for (let i = 0; i < mask.data.length; i++) if (hole.data[i] || (mask.data[i] && zone.data[i])) mask.data[i] = 255;
  const first = await fillText(unblended.image, hole, fillOptions, { ...ctx, onProgress: stage('remove text') });
  let filled = first.image;
  const runs = [...first.runs];
  let leftover: ScoredBox[] = [];
  let refilled: ScoredBox[] = [];
  if (!options.skipRecheck) {
    const check = { ...ctx, onProgress: stage('check for leftover text') };
    const found = await findLeftovers(detect, filled, textBoxes, region, reach, check);
    // Leftovers reaching past their box are never filled: a person looks at them.
    leftover = found.outside;
    if (found.inside.length) {
      // Text the pixel mask missed (faint watermarks, shadows close to the background's
      // colours): fill those leftovers whole, cut to their text box, once.
      const fills = found.inside.map((l) => l.fill);
      refilled = [...new Set(found.inside.map((l) => l.found))];
      // Over unblended watermarks the leftover is a faint residue of the letters the mask
      // holds: those are filled again, grown, not the whole box, which would smear the hair
      // or grass the unblend brought back.
      // (only where it meets the zone counts)
      const residue = grownInZone(mask, dilate + LEFTOVER_GROWTH, textBoxes, reach, region);
      const wholeFills = fills.filter((f) => !unblended.unblended.some((u) => overlaps(u.box, f)));
      const residueFills = fills.filter((f) => unblended.unblended.some((u) => overlaps(u.box, f)));
      const whole = confine(zoneMask(width, height, wholeFills, 0, region), zone);
      const onResidue = zoneMask(width, height, residueFills, 0, region);
      for (let i = 0; i < whole.data.length; i++) if (onResidue.data[i] && residue.data[i] && zone.data[i]) whole.data[i] = 255;
      const second = await fillText(filled, whole, fillOptions, { ...ctx, onProgress: stage('remove leftover text') });
      filled = second.image;
      runs.push(...second.runs);
      for (let i = 0; i < mask.data.length; i++) if (whole.data[i]) mask.data[i] = 255;
      const again = await findLeftovers(detect, filled, fills, region, reach, check);
      leftover = [...leftover, ...again.outside, ...again.inside.map((l) => l.found)];
    }
  }
  const changed = changedOutside(image, filled, zoneMask(width, height, textBoxes, reach + TEXT_REACH - MASK_REACH, region));
  return { image: filled, boxes, mask, runs, leftover, refilled, changedOutside: changed, needsReview: leftover.length > 0 || changed > 0 };
}

/** Whether two boxes share any area. */
function overlaps(a: Box, b: Box): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/** The remove-text op on the project's text detector (PP-OCRv3 through the inference port); `detectors`: the models that detected (none when boxes were given). */
export async function removeText(
  image: RgbaImage,
  options: RemoveTextOptions = {},
  ctx: OpContext = {},
): Promise<RemoveTextResult & { detectors: ModelRef[] }> {
  let detectors: ModelRef[] = [];
  const result = await removeTextWith(
    async (img, o, c) => {
      const found = await detectText(img, o, c);
      detectors = found.models ?? [found.model];
      return found.boxes;
    },
    image,
    options,
    ctx,
  );
  return { ...result, detectors };
}
