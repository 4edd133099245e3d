// Memory budget of an upscale, estimated before any work so that an output too big for
// the host is refused with a clear message instead of killing the tab or the worker.

export const DEFAULT_UPSCALE_BUDGET_BYTES = 1.5 * 2 ** 30;

export class MemoryBudgetError extends Error {
  override readonly name = 'MemoryBudgetError';
}

export interface UpscalePlanSize {
  width: number;
  height: number;
  scale: number;
  modelScale: number;
  tileSize: number;
  overlap: number;
}

/**
 * Peak bytes held at once: the RGBA output, the float sums of the overlaps (two full-width
 * bands, see assemble.ts), and one tile's tensors and resampling buffers, counted twice
 * because a garbage-collected host frees the previous tile's buffers late.
 */
export function upscaleMemoryBytes({ width, height, scale, modelScale, tileSize, overlap }: UpscalePlanSize): number {
  const outW = width * scale;
  const outH = height * scale;
  const tile = Math.min(tileSize, Math.max(width, height));
  const bands = 2 * 2 * overlap * scale * outW * 3 * 4;
  const tileBuffers = tile * tile * 3 * 4 + (tile * modelScale) ** 2 * 3 * 4 + (tile * scale) ** 2 * 3 * 4;
  return outW * outH * 4 + bands + 2 * tileBuffers;
}

const mb = (bytes: number) => (bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GB` : `${Math.ceil(bytes / 2 ** 20)} MB`);

/** Throws MemoryBudgetError (naming sizes and what to do) when the upscale would not fit. */
export function checkUpscaleBudget(size: UpscalePlanSize, budgetBytes: number): void {
  const need = upscaleMemoryBytes(size);
  if (need <= budgetBytes) return;
  const outW = size.width * size.scale;
  const outH = size.height * size.scale;
  throw new MemoryBudgetError(
    `Upscaling ${size.width}x${size.height} by x${size.scale} makes a ${outW}x${outH} image (${((outW * outH) / 1e6).toFixed(0)} MP) ` +
      `that needs about ${mb(need)} of memory, over the ${mb(budgetBytes)} budget. Choose a smaller scale or crop the photo first.`,
  );
}
