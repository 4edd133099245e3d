// MI-GAN pipeline adapter (../shared/models/MODELS.md): image uint8 [1,3,H,W] RGB and mask
// uint8 [1,1,H,W] with 255 = KEEP, 0 = hole, any size; output uint8 RGB [1,3,H,W]. The graph
// crops and resizes around the holes itself, so the compositor hands it each region's crop
// at full resolution.
import { throwIfAborted } from '../context.ts';
import type { InferencePort } from '../port.ts';
import type { InpaintEngine } from './engine.ts';
import { expectRgbOutput, maskPlane, pasteHoleFromPlanes, rgbPlanes } from './tensors.ts';

export function miganEngine(port: InferencePort): InpaintEngine {
  const engine: InpaintEngine = {
    id: 'migan',
    modelId: 'migan',
    async fill(crop, hole, _options, ctx) {
      throwIfAborted(ctx.signal);
      const session = await port.session('migan');
      engine.backend = session.backend;
      const out = await session.run(
        {
          image: rgbPlanes(crop, 'uint8'),
          mask: maskPlane(hole, 'uint8', { hole: 0, keep: 255 }),
        },
        ctx.signal,
      );
      const result = expectRgbOutput(out.result ?? out[session.outputNames[0]], 'uint8', crop.width, crop.height, 'MI-GAN');
      return pasteHoleFromPlanes(crop, hole, result.data as Uint8Array, 1);
    },
  };
  return engine;
}
