// LaMa adapter (../shared/models/MODELS.md): fixed 512x512, image float32 [1,3,512,512] RGB
// 0..1, mask float32 [1,1,512,512] with 1 = HOLE; output float32 [1,3,512,512]. Exports
// differ in output range (0..1 or 0..255): the adapter measures it on the known pixels,
// which the model reproduces, instead of trusting either. The compositor makes the crop
// square and resizes it to 512 and back.
import { HOLE_THRESHOLD } from '../../core/mask-ops.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';
import { throwIfAborted } from '../context.ts';
import type { InferencePort } from '../port.ts';
import type { InpaintEngine } from './engine.ts';
import { expectRgbOutput, maskPlane, pasteHoleFromPlanes, rgbPlanes } from './tensors.ts';

export const LAMA_SIZE = 512;

/** 1 when the output is 0..1, 255 when it is 0..255: whichever reproduces the known pixels. */
export function lamaOutputScale(crop: RgbaImage, hole: Mask, planes: Float32Array): 1 | 255 {
  const n = crop.width * crop.height;
  let input = 0,
    output = 0;
  for (let i = 0; i < n; i++) {
    if (hole.data[i] >= HOLE_THRESHOLD) continue;
    for (let c = 0; c < 3; c++) {
      input += crop.data[i * 4 + c];
      output += planes[c * n + i];
    }
  }
  if (input === 0) {
    // an all-black context: judge by the largest value instead
    let max = 0;
    for (let i = 0; i < planes.length; i++) if (planes[i] > max) max = planes[i];
    return max > 1.5 ? 255 : 1;
  }
  // input is in bytes; a 0..1 model gives output ~ input / 255, a 0..255 one output ~ input.
  return Math.abs(Math.log(output / input)) < Math.abs(Math.log((output * 255) / input)) ? 255 : 1;
}

export function lamaEngine(port: InferencePort): InpaintEngine {
  const engine: InpaintEngine = {
    id: 'lama',
    modelId: 'lama',
    fixedSize: LAMA_SIZE,
    async fill(crop, hole, _options, ctx) {
      if (crop.width !== LAMA_SIZE || crop.height !== LAMA_SIZE) {
        throw new RangeError(`LaMa takes ${LAMA_SIZE}x${LAMA_SIZE} crops, got ${crop.width}x${crop.height}.`);
      }
      throwIfAborted(ctx.signal);
      const session = await port.session('lama');
      engine.backend = session.backend;
      const out = await session.run(
        {
          image: rgbPlanes(crop, 'float32'),
          mask: maskPlane(hole, 'float32', { hole: 1, keep: 0 }),
        },
        ctx.signal,
      );
      const result = expectRgbOutput(out.output ?? out[session.outputNames[0]], 'float32', LAMA_SIZE, LAMA_SIZE, 'LaMa');
      const planes = result.data as Float32Array;
      const scale = lamaOutputScale(crop, hole, planes);
      return pasteHoleFromPlanes(crop, hole, planes, scale === 1 ? 255 : 1);
    },
  };
  return engine;
}
