// Real-ESRGAN / SPAN tensors: RGB 0..1, NCHW, no mean/std; float16 bits for fp16 models.
// Outputs overshoot (about -0.5..1.2) and are clamped to 0..1.
import { float16ToFloat32Array, float32ToFloat16Array } from '../../core/float16.ts';
import type { RgbaImage } from '../../core/types.ts';
import type { PortTensor } from '../port.ts';
import type { Tile } from '../tiling.ts';

export function tileInput(image: RgbaImage, tile: Tile, fp16: boolean): PortTensor {
  const w = tile.x.end - tile.x.start;
  const h = tile.y.end - tile.y.start;
  const plane = w * h;
  const data = new Float32Array(3 * plane);
  for (let y = 0; y < h; y++) {
    let src = ((tile.y.start + y) * image.width + tile.x.start) * 4;
    for (let x = 0; x < w; x++, src += 4) {
      const i = y * w + x;
      data[i] = image.data[src] / 255;
      data[plane + i] = image.data[src + 1] / 255;
      data[2 * plane + i] = image.data[src + 2] / 255;
    }
  }
  return fp16 ? { type: 'float16', data: float32ToFloat16Array(data), dims: [1, 3, h, w] } : { type: 'float32', data, dims: [1, 3, h, w] };
}

/** The model's output as CHW floats clamped to 0..1 (in place), after checking its size. */
export function tileOutput(t: PortTensor, width: number, height: number, modelId: string): Float32Array {
  const [n, c, h, w] = t.dims;
  if (n !== 1 || c !== 3 || h !== height || w !== width) {
    throw new Error(
      `Model ${modelId} returned a [${t.dims.join(',')}] tensor where [1,3,${height},${width}] was expected; is it the right file?`,
    );
  }
  const data = t.type === 'float16' ? float16ToFloat32Array(t.data as Uint16Array) : (t.data as Float32Array);
  for (let i = 0; i < data.length; i++) data[i] = data[i] < 0 ? 0 : data[i] > 1 ? 1 : data[i];
  return data;
}
