// The one interface every inpainting engine implements: a crop, its hole, options and the
// op context in; the filled crop out. Engines never see the whole photo (composite.ts cuts
// the crops) and never change pixels outside the hole.
import type { Mask, RgbaImage } from '../../core/types.ts';
import type { OpContext } from '../context.ts';

export type EngineId = 'patchmatch' | 'diffusion' | 'biharmonic' | 'layered' | 'transport' | 'migan' | 'lama';

export interface FillOptions {
  /** Seed for every random choice, so the same input gives the same bytes everywhere. */
  seed: number;
}

export interface InpaintEngine {
  readonly id: EngineId;
  /** The model this engine runs, if any (recorded in the result). */
  readonly modelId?: string;
  /** The inference backend its last fill ran on (neural engines; set once the session is open). */
  backend?: string;
  /** The crop must be exactly this square size (the compositor resizes around the call). */
  readonly fixedSize?: number;
  /** Crops whose longer side exceeds this are shrunk to it first (speed bound). */
  readonly maxSide?: number;
  /**
   * Set on fills of thin holes (text) that continue the edges crossing them themselves: the
   * compositor's line pass (lines.ts) is left out, which would cost more than the fill.
   */
  readonly continuesEdges?: boolean;
  /**
   * Fills the pixels where `hole` >= 128. Returns a new image of the crop's size whose
   * pixels outside the hole equal the input's.
   */
  fill(crop: RgbaImage, hole: Mask, options: FillOptions, ctx: OpContext): Promise<RgbaImage>;
}

/** Lets a host's event loop deliver an abort between long synchronous steps. */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
