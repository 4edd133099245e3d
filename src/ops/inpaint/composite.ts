// Full-resolution compositing (design.md section 5): the photo is never shrunk. The mask is
// split into regions (near ones merged); each region is filled on a crop with context
// proportional to its size, resized only when its engine needs it, and pasted back with a
// feathered edge. Pixels farther than dilate + feather from the mask are never written.
import { blendImage, copyImage, cropImage, cropMask } from '../../core/image.ts';
import { featherWeights, growBox, maskRegions } from '../../core/mask-ops.ts';
import { resizeMask, resizeRgba } from '../../core/resample.ts';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';
import { throwIfAborted, type OpContext } from '../context.ts';
import { yieldToHost, type EngineId, type InpaintEngine } from './engine.ts';
import { keepFrameStrip } from './frame-strip.ts';
import { haloGrowth } from './halo.ts';
import { findLines, paintLines } from './lines.ts';
import { refineUpscaled } from './refine.ts';

/** How a mask grows by `dilate`: over what stands out around it (halo.ts), or over everything. */
export type MaskGrowth = 'halo' | 'disc';

export interface CompositeSettings {
  /** Grow the mask by up to this many pixels so halos and shadow edges go too. */
  dilate: number;
  /** How (default 'halo'). */
  growth?: MaskGrowth;
  /** Width of the blend ramp outside the dilated mask. */
  feather: number;
  seed: number;
}

export interface RegionRun {
  /** The crop that was filled, in photo pixels. */
  box: Box;
  engine: EngineId;
  modelId?: string;
  backend?: string;
  /** Size the engine actually saw, when the crop was resized for it. */
  resizedTo?: [number, number];
}

/** Picks the engine for one region from its (dilated) hole inside the crop and the crop itself. */
export type EngineChooser = (hole: Mask, crop: RgbaImage) => InpaintEngine;

/**
 * Context kept around a region on each side: proportional to its size (1.5 x the geometric
 * mean of its sides, so a long thin stroke does not drag in a huge crop), 48 to 400 px.
 * Exemplar engines need enough texture around a hole to copy from.
 */
export function contextMargin(box: Box): number {
  return Math.min(400, Math.max(48, Math.round(1.5 * Math.sqrt((box[2] - box[0]) * (box[3] - box[1])))));
}

/** Grows `box` to a square (for fixed-size engines), as far as the image allows. */
function squareUp(box: Box, width: number, height: number): Box {
  const [x0, y0, x1, y1] = box;
  const side = Math.min(Math.max(x1 - x0, y1 - y0), width, height);
  const fit = (a0: number, a1: number, limit: number): [number, number] => {
    const extra = side - (a1 - a0);
    if (extra <= 0) return [a0, a1];
    let s = a0 - (extra >> 1);
    s = Math.max(0, Math.min(s, limit - side));
    return [s, s + side];
  };
  const [nx0, nx1] = fit(x0, x1, width);
  const [ny0, ny1] = fit(y0, y1, height);
  return [nx0, ny0, nx1, ny1];
}

/** The size an engine should see for a crop of w x h, or null to run at full resolution. */
function engineSize(engine: InpaintEngine, w: number, h: number): [number, number] | null {
  if (engine.fixedSize) return w === engine.fixedSize && h === engine.fixedSize ? null : [engine.fixedSize, engine.fixedSize];
  const side = Math.max(w, h);
  if (engine.maxSide && side > engine.maxSide) {
    const k = engine.maxSide / side;
    return [Math.max(1, Math.round(w * k)), Math.max(1, Math.round(h * k))];
  }
  return null;
}

/** Holes shrunk for an engine stay conservative: any covered pixel is a hole. */
function holeAtSize(hole: Mask, w: number, h: number): Mask {
  const m = resizeMask(hole, w, h);
  for (let i = 0; i < m.data.length; i++) m.data[i] = m.data[i] > 0 ? 255 : 0;
  return m;
}

/**
 * Fills every region of `mask` in a copy of `photo`. Regions are processed top to bottom;
 * progress is reported per region and the signal is checked between regions (engines check
 * it inside too).
 */
export async function compositeInpaint(
  photo: RgbaImage,
  mask: Mask,
  choose: EngineChooser,
  settings: CompositeSettings,
  ctx: OpContext = {},
): Promise<{ image: RgbaImage; runs: RegionRun[] }> {
  if (mask.width !== photo.width || mask.height !== photo.height) {
    throw new RangeError(`The mask is ${mask.width}x${mask.height} but the photo is ${photo.width}x${photo.height}; they must match.`);
  }
  const { dilate, feather } = settings;
  const reach = Math.ceil(dilate + feather);
  const regions = maskRegions(mask, 2 * reach + 8);
  const out = copyImage(photo);
  const runs: RegionRun[] = [];
  for (let i = 0; i < regions.length; i++) {
    // In a worker, an abort arrives as a message: let it in between regions.
    if (ctx.signal && i > 0) await yieldToHost();
    throwIfAborted(ctx.signal);
    ctx.onProgress?.({ stage: 'inpaint', fraction: i / regions.length, detail: `region ${i + 1} of ${regions.length}` });
    const affected = growBox(regions[i].box, reach, photo.width, photo.height);
    let box = growBox(affected, contextMargin(regions[i].box), photo.width, photo.height);
    const weights = (b: Box) =>
      settings.growth === 'disc'
        ? featherWeights(cropMask(mask, b), dilate, feather)
        : featherWeights(haloGrowth(cropImage(photo, b), cropMask(mask, b), dilate), 0, feather);
    // The grown hole: where the weights are full, less the strip the growth would take from the frame.
    const grownHole = (b: Box, wb: Mask): Mask => {
      const grown = { width: wb.width, height: wb.height, data: wb.data.map((v) => (v === 255 ? 255 : 0)) };
      keepFrameStrip(grown, cropMask(mask, b), b, photo.width, photo.height, dilate);
      // and the strip is never written, even by an engine that returns its crop resized
      for (let k = 0; k < wb.data.length; k++) if (wb.data[k] === 255 && !grown.data[k]) wb.data[k] = 0;
      return grown;
    };
    let w = weights(box);
    let hole = grownHole(box, w);
    let crop = cropImage(out, box);
    const engine = choose(hole, crop);
    if (engine.fixedSize) {
      box = squareUp(box, photo.width, photo.height);
      w = weights(box);
      hole = grownHole(box, w);
      crop = cropImage(out, box);
    }
    const size = engineSize(engine, crop.width, crop.height);
    const options = { seed: (settings.seed + i * 0x9e3779b1) >>> 0 };
    let filled: RgbaImage;
    if (size) {
      const smallHole = holeAtSize(hole, size[0], size[1]);
      const small = await engine.fill(resizeRgba(crop, size[0], size[1]), smallHole, options, ctx);
      // A fill made smaller than the crop gets the crop's own full-resolution detail back
      // (refine.ts); scaled up alone it would be a smear.
      filled =
        size[0] < crop.width ? refineUpscaled(crop, hole, small, smallHole, options.seed) : resizeRgba(small, crop.width, crop.height);
    } else {
      filled = await engine.fill(crop, hole, options, ctx);
    }
    // Straight edges and bands that cross the hole continue through it (lines.ts). Not for
    // the thin holes of strokes and text (diffusion, layered, continuesEdges): across a few
    // pixels their own fill continues an edge, and the search would cost more than the fill
    // (text has dozens).
    if (engine.id !== 'diffusion' && engine.id !== 'layered' && !engine.continuesEdges) paintLines(filled, hole, findLines(crop, hole));
    blendImage(out, filled, box[0], box[1], w);
    runs.push({ box, engine: engine.id, modelId: engine.modelId, backend: engine.backend, ...(size ? { resizedTo: size } : {}) });
  }
  ctx.onProgress?.({ stage: 'inpaint', fraction: 1 });
  return { image: out, runs };
}
