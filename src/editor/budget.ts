// How big an image the browser editor takes on. A 24 MP photo costs about 96 MB as RGBA, plus
// the same again for the mask overlay and 24 MB for the mask; 64 MP keeps the tab well under
// a gigabyte. Checked on the header, before any decoding.
import { orientedSize, type ImageHeader } from '../core/image-header.ts';

export const MAX_PIXELS = 64_000_000;
/** Browsers refuse canvases with a side above 32767 pixels. */
export const MAX_SIDE = 32_767;
/** Files larger than this are not read at all. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

const mp = (n: number) => `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} megapixels`;

/** A message saying why the image is too big, or null when it fits. */
export function overBudget(h: ImageHeader): string | null {
  const { width, height } = orientedSize(h);
  if (width * height > MAX_PIXELS || width > MAX_SIDE || height > MAX_SIDE) {
    return `It is ${width} × ${height} pixels (${mp(width * height)}); the editor opens images up to ${mp(MAX_PIXELS)} and ${MAX_SIDE} pixels a side. Downscale it first, or process it on the server.`;
  }
  return null;
}
