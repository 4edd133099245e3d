// Remove text in one call: detect -> mask from the accepted boxes -> fill -> detect again on
// the result and flag what is left. The operator may pass reviewed boxes instead of
// detecting, and may limit everything to a region.
import type { Box, Mask, RgbaImage, ScoredBox } from '../../core/types.ts';
import { throwIfAborted, type OpContext } from '../context.ts';
import { detectText } from '../detect-text/detect.ts';
import type { ModelRef } from '../models.ts';
import { inpaint, type InpaintOptions, type RegionRun } from '../inpaint/index.ts';
import { TEXTURED_RING_GRADIENT } from '../inpaint/ring-texture.ts';
import { boxMask, textMask } from './text-mask.ts';
import { unblendWatermarks } from './watermark.ts';

/** Finds text boxes in an image (optionally inside a region); the detect-text op. */
export type TextDetector = (image: RgbaImage, options: { region?: Box }, ctx: OpContext) => Promise<ScoredBox[]>;

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

/** Growth of a leftover box when it is filled whole. */
const LEFTOVER_GROW = 2;

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
  mask: Mask;
  runs: RegionRun[];
  /** Text the detector still finds on the result inside the filled areas: show it to the operator. */
  leftover: ScoredBox[];
}

function overlaps(a: Box, b: Box): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

export async function removeTextWith(
  detect: TextDetector,
  image: RgbaImage,
  options: RemoveTextOptions = {},
  ctx: OpContext = {},
): Promise<RemoveTextResult> {
  const stage = (name: string) => (p: { fraction: number; detail?: string }) => ctx.onProgress?.({ ...p, stage: name });
  const boxes =
    options.boxes?.map((box) => ({ box, score: 1 })) ??
    (await detect(image, { region: options.region }, { ...ctx, onProgress: stage('detect text') }));
  const mask = textMask(
    image,
    boxes.map((b) => b.box),
    options.region,
  );
  if (boxes.length === 0) return { image, boxes, mask, runs: [], leftover: [] };
  throwIfAborted(ctx.signal);
  // Text defaults wherever the caller left an option out (hosts pass `dilate: undefined`).
  const fillOptions: InpaintOptions = {
    ...options,
    dilate: options.dilate ?? TEXT_DILATE,
    thinHoleRadius: options.thinHoleRadius ?? TEXT_THIN_RADIUS,
    flatRingGradient: options.flatRingGradient ?? TEXT_FLAT_RING_GRADIENT,
  };
  // Semi-transparent text is taken out exactly where its blend can be measured; the rest is filled.
  const unblended = unblendWatermarks(
    image,
    mask,
    boxes.map((b) => b.box),
    options.region,
  );
  // Letter edges the unblend left to the fill are text too.
  for (let i = 0; i < mask.data.length; i++) if (unblended.mask.data[i]) mask.data[i] = 255;
  const first = await inpaint(unblended.image, unblended.mask, fillOptions, { ...ctx, onProgress: stage('remove text') });
  let filled = first.image;
  const runs = [...first.runs];
  let leftover: ScoredBox[] = [];
  if (!options.skipRecheck) {
    const recheck = async (img: RgbaImage) =>
      (await detect(img, { region: options.region }, { ...ctx, onProgress: stage('check for leftover text') })).filter((b) =>
        boxes.some((f) => overlaps(f.box, b.box)),
      );
    leftover = await recheck(filled);
    if (leftover.length) {
      // Text the pixel mask missed (faint watermarks, shadows close to the background's
      // colours): fill those boxes whole, once, then flag whatever still reads as text.
      const whole = boxMask(
        image.width,
        image.height,
        leftover.map((b) => b.box),
        LEFTOVER_GROW,
        options.region,
      );
      const second = await inpaint(filled, whole, fillOptions, { ...ctx, onProgress: stage('remove leftover text') });
      filled = second.image;
      runs.push(...second.runs);
      for (let i = 0; i < mask.data.length; i++) if (whole.data[i]) mask.data[i] = 255;
      leftover = await recheck(filled);
    }
  }
  return { image: filled, boxes, mask, runs, leftover };
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
      const found = await detectText(img, { region: o.region }, c);
      detectors = found.models ?? [found.model];
      return found.boxes;
    },
    image,
    options,
    ctx,
  );
  return { ...result, detectors };
}
