// Every operation in one table (register, don't switch): hosts, the manifest runner and the
// UI look operations up here by id. Each entry runs on plain pixels and an OpContext.
import type { RgbaImage } from '../core/types.ts';
import type { OpContext } from './context.ts';
import { detectText, type DetectTextOptions } from './detect-text/detect.ts';
import { upscale, type UpscaleOptions } from './upscale/upscale.ts';

export interface OpEntry<Params, Result> {
  /** The manifest's `op` name. */
  id: string;
  label: string;
  /** Whether the op changes pixels (detect_text only records boxes). */
  changesPixels: boolean;
  run(image: RgbaImage, params: Params, ctx: OpContext): Promise<Result>;
}

export const detectTextOp: OpEntry<DetectTextOptions, Awaited<ReturnType<typeof detectText>>> = {
  id: 'detect_text',
  label: 'Detect text',
  changesPixels: false,
  run: detectText,
};

export const upscaleOp: OpEntry<UpscaleOptions, Awaited<ReturnType<typeof upscale>>> = {
  id: 'upscale',
  label: 'Upscale',
  changesPixels: true,
  run: upscale,
};

/** Entries differ in params and result; a caller narrows by id (e.g. the manifest runner). */
export const OPS: readonly OpEntry<never, unknown>[] = [detectTextOp, upscaleOp];

export function opById(id: string): OpEntry<never, unknown> {
  const op = OPS.find((o) => o.id === id);
  if (!op) throw new RangeError(`Unknown operation "${id}". Known operations: ${OPS.map((o) => o.id).join(', ')}.`);
  return op;
}
