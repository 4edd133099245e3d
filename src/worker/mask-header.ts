// A mask PNG named by an imported manifest is checked from its header before the browser
// decodes it, as an opened image is (editor/open-image.ts): not a PNG, damaged, or so large
// that decoding it would exhaust the tab are refused with the reason, before any decode.
import { readImageHeader } from '../core/image-header.ts';

/** The editor's image budget (editor/budget.ts), which a mask at the image's size keeps to as well. */
export const MAX_MASK_PIXELS = 64_000_000;
export const MAX_MASK_SIDE = 32_767;

/** Why the mask bytes must not be decoded, or null when their header is a sound PNG within the budget. */
export function maskHeaderProblem(bytes: Uint8Array, path: string): string | null {
  const parsed = readImageHeader(bytes);
  if (!parsed.ok) return `mask "${path}" is not a readable PNG image: ${parsed.message}`;
  const { format, width, height } = parsed.header;
  if (format !== 'png') return `mask "${path}" is a ${format.toUpperCase()} file; masks are PNG images (white = remove).`;
  if (width * height > MAX_MASK_PIXELS || width > MAX_MASK_SIDE || height > MAX_MASK_SIDE) {
    return `mask "${path}" is ${width} × ${height} pixels, over the ${MAX_MASK_PIXELS / 1e6} megapixels and ${MAX_MASK_SIDE} pixels a side the editor decodes; it cannot be a mask for an image the editor opens.`;
  }
  return null;
}
