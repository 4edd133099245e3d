// The operations this worker hosts. TEMPORARY until src/ops lands on main.
import type { RgbaImage, ScoredBox, Box } from '../core/types.ts';
import type { OpContext } from '../ops/context.ts';

export interface DetectTextOptions { model?: string; region?: Box }
export interface UpscaleOptions { scale: 2 | 3 | 4; model?: string }

export async function detectText(_i: RgbaImage, _o: DetectTextOptions, _c: OpContext): Promise<ScoredBox[]> {
  throw new Error('text detection is not on main yet');
}
export async function upscale(_i: RgbaImage, _o: UpscaleOptions, _c: OpContext): Promise<RgbaImage> {
  throw new Error('upscaling is not on main yet');
}
