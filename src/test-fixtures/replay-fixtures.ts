// Shared by the replay tests (worker and editor): a small source image, the real built-in
// inpaint op as the only op, and a two-step manifest on it.
import { requireManifest } from '../core/manifest/index.ts';
import type { RgbaImage } from '../core/types.ts';
import { inpaintStep } from '../ops/inpaint-steps.ts';
import type { StepOps } from '../ops/runner.ts';

export function gradient(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([(i % width) * 4, (i / width) * 4, 90, 255], i * 4);
  return { width, height, data };
}

const unsupported = async () => {
  throw new Error('not used here');
};

/** PatchMatch and diffusion run in plain TypeScript: the real op, no model needed. */
export const inpaintOnly: StepOps = { inpaint: inpaintStep, detect_text: unsupported, remove_text: unsupported, upscale: unsupported };

export const twoInpaints = requireManifest({
  steps: [
    { op: 'inpaint', engine: 'patchmatch', strokes: [{ points: [10, 10, 30, 20], width: 6 }] },
    { op: 'inpaint', engine: 'diffusion', strokes: [{ points: [40, 40, 50, 50], width: 1, shape: 'rect' }] },
  ],
});
