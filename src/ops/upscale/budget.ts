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
}

/**
 * Peak bytes held at once: the RGBA output, the float band of output rows being blended
 * (one tile row high), and one tile's tensors and resampling buffers.
 */
export function upscaleMemoryBytes({ width, height, scale, modelScale, tileSize }: UpscalePlanSize): number {
  const outW = width * scale;
  const outH = height * scale;
  const tile = Math.min(tileSize, Math.max(width, height));
  const band = Math.min(tile, height) * scale * outW * 3 * 4;
  const tileIn = tile * tile * 3 * 4;
  const tileOut = (tile * modelScale) ** 2 * 3 * 4;
  const tileResampled = (tile * scale) ** 2 * 4 * 2;
  return outW * outH * 4 + band + tileIn + 2 * tileOut + tileResampled;
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
