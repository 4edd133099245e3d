// Which network runs an upscale: the model picker over the registry's upscale entries.
import { MODELS } from '../models.ts';
import type { InferencePort } from '../port.ts';

export type UpscaleScale = 2 | 3 | 4;

export interface UpscaleModel {
  id: string;
  label: string;
  /** The network's native factor. */
  scale: number;
  /** Takes and returns float16 tensors. */
  fp16: boolean;
}

export const UPSCALE_MODELS: readonly UpscaleModel[] = MODELS.filter((m) => m.task === 'upscale').map((m) => ({
  id: m.id,
  label: m.label ?? m.id,
  scale: m.scale ?? 4,
  fp16: m.precision === 'fp16',
}));

export const DEFAULT_UPSCALE_MODEL = 'realesr-general-x4v3';
export const NATIVE_X2_MODEL = 'nomos-span-x2';

/**
 * The model for `scale`: the requested one if it can reach that scale (a x4 model serves x2
 * and x3 by resampling its output down); otherwise Nomos SPAN for x2 when installed, else
 * the default x4 model.
 */
export async function pickUpscaleModel(scale: UpscaleScale, requested: string | undefined, port: InferencePort): Promise<UpscaleModel> {
  if (requested) {
    const m = UPSCALE_MODELS.find((e) => e.id === requested);
    if (!m) throw new RangeError(`"${requested}" is not an upscaling model. Choose one of: ${UPSCALE_MODELS.map((e) => e.id).join(', ')}.`);
    if (m.scale < scale) throw new RangeError(`${m.label} enlarges x${m.scale} only; choose a x4 model for x${scale}.`);
    return m;
  }
  const id = scale === 2 && (await port.has(NATIVE_X2_MODEL)) ? NATIVE_X2_MODEL : DEFAULT_UPSCALE_MODEL;
  return UPSCALE_MODELS.find((e) => e.id === id)!;
}
