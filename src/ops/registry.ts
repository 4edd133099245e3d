// Every operation in one table (register, don't switch): hosts, the manifest runner and the
// UI look operations up here by id. Each entry runs on plain pixels and an OpContext.
import type { RgbaImage } from '../core/types.ts';
import type { OpContext } from './context.ts';
import type { Mask } from '../core/types.ts';
import { detectText, type DetectTextOptions, type DetectTextResult } from './detect-text/detect.ts';
import { upscale, type UpscaleOptions, type UpscaleResult } from './upscale/upscale.ts';
import { inpaint, type InpaintOptions } from './inpaint/index.ts';
import { removeText, type RemoveTextOptions } from './remove-text/remove-text.ts';

export interface OpEntry<Params, Result> {
  /** The manifest's `op` name. */
  id: string;
  label: string;
  /** Whether the op changes pixels (detect_text only records boxes). */
  changesPixels: boolean;
  run(image: RgbaImage, params: Params, ctx: OpContext): Promise<Result>;
}

export const detectTextOp: OpEntry<DetectTextOptions, DetectTextResult> = {
  id: 'detect_text',
  label: 'Detect text',
  changesPixels: false,
  run: detectText,
};

export const upscaleOp: OpEntry<UpscaleOptions, UpscaleResult> = {
  id: 'upscale',
  label: 'Upscale',
  changesPixels: true,
  run: upscale,
};

export const inpaintOp: OpEntry<InpaintOptions & { mask: Mask }, Awaited<ReturnType<typeof inpaint>>> = {
  id: 'inpaint',
  label: 'Remove (inpaint)',
  changesPixels: true,
  run: (image, { mask, ...options }, ctx) => inpaint(image, mask, options, ctx),
};

export const removeTextOp: OpEntry<RemoveTextOptions, Awaited<ReturnType<typeof removeText>>> = {
  id: 'remove_text',
  label: 'Remove text',
  changesPixels: true,
  run: removeText,
};

/** Entries differ in params and result; a caller narrows by id (e.g. the manifest runner). */
export const OPS: readonly OpEntry<never, unknown>[] = [detectTextOp, removeTextOp, inpaintOp, upscaleOp];

export function opById(id: string): OpEntry<never, unknown> {
  const op = OPS.find((o) => o.id === id);
  if (!op) throw new RangeError(`Unknown operation "${id}". Known operations: ${OPS.map((o) => o.id).join(', ')}.`);
  return op;
}
