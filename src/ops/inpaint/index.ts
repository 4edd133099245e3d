// The inpaint op: fills the mask of a photo at full resolution with the chosen engine (or the
// best installed one) and says which engine ran where. Used by the worker, server and CLI.
import { holeRadius } from '../../core/mask-ops.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';
import type { OpContext } from '../context.ts';
import { compositeInpaint, type EngineChooser, type MaskGrowth, type RegionRun } from './composite.ts';
import { biharmonicEngine } from './biharmonic.ts';
import { diffusionEngine } from './diffusion.ts';
import type { EngineId, InpaintEngine } from './engine.ts';
import { lamaEngine } from './lama.ts';
import { miganEngine } from './migan.ts';
import { layeredEngine } from './layered.ts';
import { patchMatchEngine } from './patchmatch.ts';
import { quantileOf, ringGradient, ringGradientSample, TEXTURED_RING_GRADIENT } from './ring-texture.ts';
import { transportEngine } from './transport.ts';

export type EngineChoice = 'auto' | EngineId;

export interface InpaintOptions {
  /** 'auto' (default): LaMa or MI-GAN when installed, else PatchMatch (diffusion for thin holes). */
  engine?: EngineChoice;
  seed?: number;
  /** Mask growth in pixels at most (default 4) so halos and shadow edges go too. */
  dilate?: number;
  /**
   * How the mask grows: 'halo' (default) takes only what stands out from the background
   * around it (halo.ts); 'disc' takes every pixel within `dilate`, for boxes that must take
   * whatever lies at their edge (a redacted face's hair and chin).
   */
  growth?: MaskGrowth;
  /** Blend ramp width in pixels outside the grown mask (default 4). */
  feather?: number;
  /**
   * Built-in engine only: regions whose grown hole is at most this many pixels from its edge
   * get the diffusion fill (default THIN_HOLE_RADIUS).
   */
  thinHoleRadius?: number;
  /**
   * Built-in engine only: thin holes get the diffusion fill only when the ring around them
   * is flat, i.e. its median luma gradient (ringGradient) is at most this; on textured
   * surroundings they get the layered fill. Default: no texture check (always diffusion).
   */
  flatRingGradient?: number;
}

export interface InpaintResult {
  image: RgbaImage;
  /** Engines that ran, one entry per filled region. */
  runs: RegionRun[];
}

import { DEFAULT_DILATE } from './step.ts';

export { DEFAULT_DILATE };
export const DEFAULT_FEATHER = 4;
export const DEFAULT_SEED = 1;

/**
 * Grown holes at most this many pixels from their edge get the diffusion fill: scratches and
 * wires up to about 4 px wide. Across so little, nothing textured is missing and diffusion is
 * closer to the truth than copied patches. (It was 6 when every mask grew by a 4 px disc; with
 * growth over halos only, 6 gave 12 px strokes diffusion, which blurs what crosses them, where
 * the biharmonic fill and coherence transport came 2-5 dB closer on the wider sets' strokes.)
 */
export const THIN_HOLE_RADIUS = 2;

/**
 * Holes up to this many pixels from their edge (strokes, wires, small blobs up to ~40 px
 * across) on flat surroundings get the biharmonic fill; thicker ones stay with PatchMatch,
 * whose gradient-domain solve keeps a large smooth area from sagging or blurring.
 */
export const SMOOTH_HOLE_RADIUS = 20;

/**
 * Grown holes up to this many pixels from their edge (brush strokes up to ~40 px wide, with
 * room for where a stroke turns or crosses itself) on structured but not textured
 * surroundings (edges along more than a tenth of the ring, grain along less than half of
 * it: ringGradient) get coherence transport: the seams, straps, stripes and outlines that cross a stroke are carried across
 * it along their own direction from both sides, where PatchMatch would paste a patch that
 * fits one side only. Textured surroundings and thicker holes need PatchMatch's copied texture.
 */
export const STROKE_RADIUS = 24;

/**
 * Surroundings are flat when nine in ten ring pixels have a luma gradient (ringGradient's
 * measure) of at most this: out-of-focus backgrounds, skies, walls. A strong edge or fine
 * detail along a tenth of the ring (filaments, a sharp outline) puts them above it, and
 * PatchMatch continues that detail where a smooth fill would blur it.
 */
export const FLAT_RING_P90 = 8;

/** The engine `choice` resolves to on this host (auto: best installed neural, else built-in). */
export async function resolveEngine(choice: EngineChoice, ctx: OpContext): Promise<InpaintEngine | 'builtin'> {
  const port = ctx.port;
  const neural = async (id: 'lama' | 'migan'): Promise<InpaintEngine> => {
    if (!port || !(await port.has(id))) {
      throw new Error(`The ${id === 'lama' ? 'LaMa' : 'MI-GAN'} model is not installed; install its file or choose another engine.`);
    }
    return id === 'lama' ? lamaEngine(port) : miganEngine(port);
  };
  switch (choice) {
    case 'lama':
    case 'migan':
      return neural(choice);
    case 'patchmatch':
      return patchMatchEngine;
    case 'diffusion':
      return diffusionEngine;
    case 'biharmonic':
      return biharmonicEngine;
    case 'layered':
      return layeredEngine;
    case 'transport':
      return transportEngine;
    case 'auto':
      if (port && (await port.has('lama'))) return lamaEngine(port);
      if (port && (await port.has('migan'))) return miganEngine(port);
      return 'builtin';
  }
}

/**
 * The built-in choice per region: for holes a few dozen pixels across on flat surroundings
 * the biharmonic fill (smooth shading with its slope, no copied grain), on structured ones
 * coherence transport (edges carried across along their direction); PatchMatch for thicker
 * holes; for thin ones diffusion, or, when `flatGradient` is given and the surroundings
 * are more textured than that, the layered fill (diffused shading plus copied texture).
 */
export function builtinFor(thinRadius: number, flatGradient = Infinity): EngineChooser {
  return (hole, crop) => {
    const radius = holeRadius(hole);
    if (radius > thinRadius) {
      if (radius > STROKE_RADIUS) return patchMatchEngine;
      const ring = ringGradientSample(crop, hole);
      if (quantileOf(ring, 0.9) > FLAT_RING_P90) return quantileOf(ring) <= TEXTURED_RING_GRADIENT ? transportEngine : patchMatchEngine;
      return radius <= SMOOTH_HOLE_RADIUS ? biharmonicEngine : patchMatchEngine;
    }
    return flatGradient === Infinity || ringGradient(crop, hole) <= flatGradient ? diffusionEngine : layeredEngine;
  };
}

export async function inpaint(photo: RgbaImage, mask: Mask, options: InpaintOptions = {}, ctx: OpContext = {}): Promise<InpaintResult> {
  const resolved = await resolveEngine(options.engine ?? 'auto', ctx);
  const choose = resolved === 'builtin' ? builtinFor(options.thinHoleRadius ?? THIN_HOLE_RADIUS, options.flatRingGradient) : () => resolved;
  const { image, runs } = await compositeInpaint(
    photo,
    mask,
    choose,
    {
      dilate: options.dilate ?? DEFAULT_DILATE,
      growth: options.growth,
      feather: options.feather ?? DEFAULT_FEATHER,
      seed: options.seed ?? DEFAULT_SEED,
    },
    ctx,
  );
  return { image, runs };
}

export type { EngineId, InpaintEngine } from './engine.ts';
export type { RegionRun } from './composite.ts';
