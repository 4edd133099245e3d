// Shared by the replay tests (worker and editor): a small source image, the real built-in
// inpaint op as the only op, and a two-step manifest on it.
import { requireManifest } from '../ops/manifest.ts';
import type { RgbaImage } from '../core/types.ts';
import { OPS, type AnyOp, type OpTable } from '../ops/table.ts';

export function gradient(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([(i % width) * 4, (i / width) * 4, 90, 255], i * 4);
  return { width, height, data };
}

/** The table's op, failing if it runs (a step that carries its outcome, e.g. accepted boxes, runs nothing). */
const unsupported = (op: AnyOp): AnyOp => ({
  ...op,
  run: async () => {
    throw new Error('not used here');
  },
});

/** PatchMatch and diffusion run in plain TypeScript: the real inpaint op, no model needed. */
export const inpaintOnly: OpTable = {
  inpaint: OPS.inpaint,
  detect_text: unsupported(OPS.detect_text),
  remove_text: unsupported(OPS.remove_text),
  upscale: unsupported(OPS.upscale),
};

export const twoInpaints = requireManifest({
  steps: [
    { op: 'inpaint', engine: 'patchmatch', strokes: [{ points: [10, 10, 30, 20], width: 6 }] },
    { op: 'inpaint', engine: 'diffusion', strokes: [{ points: [40, 40, 50, 50], width: 1, shape: 'rect' }] },
  ],
});
