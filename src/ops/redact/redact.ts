// Redact in one call: find faces and/or text (or take the reviewed boxes), hide each box with
// the chosen style, then run the detectors again on the result: whatever they still find
// over a redacted box is a leftover for a person to look at.
import type { Box, RgbaImage, ScoredBox } from '../../core/types.ts';
import { throwIfAborted, type OpContext } from '../context.ts';
import { detectText } from '../detect-text/detect.ts';
import { inpaint, type RegionRun } from '../inpaint/index.ts';
import type { ModelRef } from '../models.ts';
import { detectFaces } from './faces.ts';
import type { RedactStyle, RedactTarget } from './step.ts';
import { blur, pixelate } from './styles.ts';

/** Each side of a face box grows by this share of its size: YuNet's box is tight; hair, ears and jaw identify too. */
export const FACE_MARGIN = 0.15;

export interface RedactOptions {
  targets: readonly RedactTarget[];
  style: RedactStyle;
  region?: Box;
  /** Reviewed boxes (source pixels); when given, nothing is detected before redacting. */
  boxes?: Box[];
  /** Skip the verification pass. */
  skipVerify?: boolean;
  /** Only find the boxes (for the operator's review); the image is returned unchanged. Hosts only: no manifest step asks it. */
  detectOnly?: boolean;
}

export interface RedactResult {
  image: RgbaImage;
  /** The boxes redacted (reviewed boxes score 1). */
  boxes: ScoredBox[];
  /** Faces or text the detectors still find over a redacted box. */
  leftover: ScoredBox[];
  runs: RegionRun[];
  /** Every model that ran (detection and verification). */
  detectors: ModelRef[];
}

function overlaps(a: Box, b: Box): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/** A face box grown by FACE_MARGIN, clipped to `bounds`. */
export function faceMargin([x0, y0, x1, y1]: Box, bounds: Box): Box {
  const mx = Math.round((x1 - x0) * FACE_MARGIN);
  const my = Math.round((y1 - y0) * FACE_MARGIN);
  return [Math.max(bounds[0], x0 - mx), Math.max(bounds[1], y0 - my), Math.min(bounds[2], x1 + mx), Math.min(bounds[3], y1 + my)];
}

/** Hides every box of `image` (in place for blur and pixelate; fill returns the inpainted copy). */
async function hide(image: RgbaImage, boxes: Box[], style: RedactStyle, ctx: OpContext): Promise<{ image: RgbaImage; runs: RegionRun[] }> {
  if (style !== 'fill') {
    for (const box of boxes) (style === 'blur' ? blur : pixelate)(image, box);
    return { image, runs: [] };
  }
  const mask = { width: image.width, height: image.height, data: new Uint8Array(image.width * image.height) };
  for (const [x0, y0, x1, y1] of boxes) for (let y = y0; y < y1; y++) mask.data.fill(255, y * image.width + x0, y * image.width + x1);
  // A face box is a privacy boundary: whatever lies at its edge goes too, halo or not.
  return inpaint(image, mask, { seed: 1, growth: 'disc' }, { ...ctx, onProgress: (p) => ctx.onProgress?.({ ...p, stage: 'fill' }) });
}

export async function redact(image: RgbaImage, options: RedactOptions, ctx: OpContext = {}): Promise<RedactResult> {
  const bounds: Box = options.region ?? [0, 0, image.width, image.height];
  const detectors = new Map<string, ModelRef>();
  const find = async (img: RgbaImage): Promise<ScoredBox[]> => {
    const found: ScoredBox[] = [];
    if (options.targets.includes('faces')) {
      const faces = await detectFaces(img, { region: options.region }, ctx);
      detectors.set(faces.model.id, faces.model);
      found.push(...faces.boxes.map((f) => ({ ...f, box: faceMargin(f.box, bounds) })));
    }
    if (options.targets.includes('text')) {
      const text = await detectText(img, { region: options.region, glyphs: true }, ctx);
      for (const m of text.models ?? [text.model]) detectors.set(m.id, m);
      found.push(...text.boxes);
    }
    return found;
  };
  const boxes = options.boxes?.map((box) => ({ box, score: 1 })) ?? (await find(image));
  if (boxes.length === 0 || options.detectOnly) return { image, boxes, leftover: [], runs: [], detectors: [...detectors.values()] };
  throwIfAborted(ctx.signal);
  const hidden = await hide(
    image,
    boxes.map((b) => b.box),
    options.style,
    ctx,
  );
  const leftover = options.skipVerify ? [] : (await find(hidden.image)).filter((f) => boxes.some((b) => overlaps(b.box, f.box)));
  return { image: hidden.image, boxes, leftover, runs: hidden.runs, detectors: [...detectors.values()] };
}
