// PP-OCRv3 detector input: a source rectangle scaled to a W x H tensor (multiples of 32),
// BGR channel order, (v / 255 - mean) / std, CHW.
import type { RgbaImage } from '../../core/types.ts';
import type { PortTensor } from '../port.ts';
import { resampleChannel } from '../upscale/resample.ts';

const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];
const LIMIT_MULTIPLE = 32;

/** Rounds a side to the nearest multiple of 32 the detector accepts (at least 32). */
export function detectorSide(side: number): number {
  return Math.max(LIMIT_MULTIPLE, Math.round(side / LIMIT_MULTIPLE) * LIMIT_MULTIPLE);
}

/** A source rectangle in whole image pixels and the tensor size it is scaled to. */
export interface DetectorView {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  tensorWidth: number;
  tensorHeight: number;
}

export function detectorInput(image: RgbaImage, view: DetectorView): PortTensor {
  const w = view.tensorWidth;
  const h = view.tensorHeight;
  const out = new Float32Array(3 * w * h);
  const win = {
    x0: view.x0,
    y0: view.y0,
    ratioX: w / (view.x1 - view.x0),
    ratioY: h / (view.y1 - view.y0),
    outWidth: w,
    outHeight: h,
  };
  // Tensor channel c (B, G, R) reads RGBA channel 2 - c; mean[c] and std[c] go by tensor
  // channel, as in PaddleOCR (which normalises its BGR image in place).
  for (let c = 0; c < 3; c++) {
    const rgb = 2 - c;
    const plane = resampleChannel({ data: image.data, width: image.width, height: image.height, offset: rgb, step: 4 }, win);
    const base = c * w * h;
    const mean = MEAN[c];
    const std = STD[c];
    for (let i = 0; i < w * h; i++) {
      const v = Math.min(255, Math.max(0, plane[i]));
      out[base + i] = (v / 255 - mean) / std;
    }
  }
  return { type: 'float32', data: out, dims: [1, 3, h, w] };
}
