// The fill for text masks. Text leaves holes a few pixels from known pixels everywhere,
// and over texture (grass, fur, rough wood) nothing tells which blade or hair was under a
// letter: a copied patch is a plausible sample of the texture, not the one that was there,
// so its grain is as likely to be wrong as right and doubles the error where it is wrong.
// The expected value is the smooth continuation plus only part of the copied grain: on
// glyph-thin holes the layered fill's detail is kept at DETAIL_GAIN of its amplitude, which
// keeps the grain visible at 100% (no letter-shaped smudge) and the colours closer to the
// truth.
//
// The continuation is coherence transport with relaxation along the isophotes, on every thin
// text hole (the inpaint op's diffusion and layered regions): text is laid over structure (a
// rocket's body, a lattice, a cup's handle, a saucer's rim) as often as over sky, and the
// Laplace fill blurs every edge a letter crosses into a letter-shaped smear, where transport
// carries it across along its own direction; the relaxation then lets the two sides agree
// (transport alone leaves streaks along its fill order) and is the diffusion fill itself
// where nothing has a direction. Everything else goes to the inpaint op's own choice.
//
// Except over busy texture with no direction (foliage, leaf litter, gravel: a ring both far
// rougher than the textured threshold and incoherent, see busyIncoherent): there the
// transport's streaks along its fill order and the reduced grain read at 100% as a smeared
// band where a bold caption was, and PatchMatch (near sources first, its distance prior)
// fills the letters with the texture's own leaves at their own amplitude and scale. Fur (rough
// but with a direction), moderate texture and the rest keep the continuation, which scores
// better there (PatchMatch on chelsea's fur costs 2 dB).
import type { Mask, RgbaImage } from '../../core/types.ts';
import { HOLE_THRESHOLD } from '../../core/mask-ops.ts';
import { throwIfAborted, type OpContext } from '../context.ts';
import { compositeInpaint } from '../inpaint/composite.ts';
import { diffusionFill } from '../inpaint/diffusion.ts';
import type { InpaintEngine } from '../inpaint/engine.ts';
import {
  builtinFor,
  DEFAULT_FEATHER,
  DEFAULT_SEED,
  inpaint,
  resolveEngine,
  THIN_HOLE_RADIUS,
  type InpaintOptions,
  type InpaintResult,
} from '../inpaint/index.ts';
import { DEFAULT_DILATE } from '../inpaint/step.ts';
import { layeredFill } from '../inpaint/layered.ts';
import { patchMatchEngine } from '../inpaint/patchmatch.ts';
import { ringCoherence } from '../inpaint/ring-coherence.ts';
import { ringGradient, TEXTURED_RING_GRADIENT } from '../inpaint/ring-texture.ts';
import { transportFill } from '../inpaint/transport.ts';

/** Share of the copied detail's amplitude kept on thin text holes over texture. */
export const DETAIL_GAIN = 0.6;

/**
 * Gauss-Seidel sweeps of the relaxation after transport on text holes: about what the
 * diffusion fill gives a letter's stroke (12 at least, 2.5 per pixel of radius). Dev and wider
 * text score within 0.1 dB of each other from 8 to 60 sweeps.
 */
export const TEXT_RELAX_SWEEPS = 20;

/**
 * Radius of transport's structure tensor window on text holes: letters leave holes a few
 * pixels from known pixels, and their edges' directions are all within 5 px (the 8 px of
 * strokes is for holes up to 48 px wide). Dev and wider text score the same within 0.03 dB,
 * in under half the tensor's time.
 */
export const TEXT_TENSOR_REACH = 5;

/**
 * Rings rougher than this (median luma gradient, ringGradient) are busy: twice the textured
 * threshold. Foliage and grass around a caption measure 27-29; fur 15, dune grass 12-14,
 * the coffee photo's surroundings 24.
 */
export const BUSY_RING_GRADIENT = 2 * TEXTURED_RING_GRADIENT;

/**
 * Rings whose structure tensor is less coherent than this (ringCoherence) have no direction
 * to continue: foliage and grass measure 0.53-0.58, fur 0.65, dune grass and blades 0.79 and
 * more, a single straight edge near 1.
 */
export const INCOHERENT_RING = 0.6;

/** Whether the ring around `hole` is busy texture with no direction (see the file's header). */
export function busyIncoherent(crop: RgbaImage, hole: Mask): boolean {
  return ringGradient(crop, hole) > BUSY_RING_GRADIENT && ringCoherence(crop, hole) < INCOHERENT_RING;
}

/** Coherence transport relaxed along the isophotes (recorded as transport: it is that fill, smoothed). */
export const textTransportEngine: InpaintEngine = {
  id: 'transport',
  maxSide: 2048,
  continuesEdges: true,
  async fill(crop, hole, _options, ctx) {
    throwIfAborted(ctx.signal);
    return relaxedTransport(crop, hole);
  },
};

/** textTransportEngine's fill of `hole` in `crop`. */
function relaxedTransport(crop: RgbaImage, hole: Mask): RgbaImage {
  return transportFill(crop, hole, { relaxSweeps: TEXT_RELAX_SWEEPS, tensorReach: TEXT_TENSOR_REACH });
}

/**
 * The layered fill's copied detail (what it adds to the diffused continuation) scaled by
 * `gain`, added to textTransportEngine's continuation, which carries the edges that cross the
 * letters where diffusion blurs them (recorded as the layered engine: it is that fill's
 * grain, less of it, on a sharper continuation).
 */
export function texturedTextEngine(gain: number): InpaintEngine {
  return {
    id: 'layered',
    maxSide: 2048,
    async fill(crop, hole, options, ctx) {
      const layered = await layeredFill(crop, hole, options, ctx);
      const diffused = diffusionFill(crop, hole);
      const continued = relaxedTransport(crop, hole);
      const out = new Uint8ClampedArray(layered.data);
      for (let i = 0; i < hole.data.length; i++) {
        if (hole.data[i] < HOLE_THRESHOLD) continue;
        for (let c = 0; c < 3; c++)
          out[i * 4 + c] = Math.round(continued.data[i * 4 + c] + gain * (layered.data[i * 4 + c] - diffused.data[i * 4 + c]));
      }
      return { width: crop.width, height: crop.height, data: out };
    },
  };
}

/**
 * Fills `mask` of `photo` as remove-text does: inpaint's choice, with thin holes over busy
 * texture with no direction given PatchMatch, those over other texture texturedTextEngine and
 * the other thin holes textTransportEngine.
 */
export async function fillText(photo: RgbaImage, mask: Mask, options: InpaintOptions, ctx: OpContext): Promise<InpaintResult> {
  const resolved = await resolveEngine(options.engine ?? 'auto', ctx);
  if (resolved !== 'builtin') return inpaint(photo, mask, options, ctx);
  const builtin = builtinFor(options.thinHoleRadius ?? THIN_HOLE_RADIUS, options.flatRingGradient);
  const textured = texturedTextEngine(DETAIL_GAIN);
  return compositeInpaint(
    photo,
    mask,
    (hole: Mask, crop: RgbaImage) => {
      const engine = builtin(hole, crop);
      if (engine.id === 'layered') return busyIncoherent(crop, hole) ? patchMatchEngine : textured;
      return engine.id === 'diffusion' ? textTransportEngine : engine;
    },
    { dilate: options.dilate ?? DEFAULT_DILATE, feather: options.feather ?? DEFAULT_FEATHER, seed: options.seed ?? DEFAULT_SEED },
    ctx,
  );
}
