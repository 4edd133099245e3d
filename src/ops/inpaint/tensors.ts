// RGBA crops <-> planar model tensors, and writing a model's RGB back into the hole only.
import { HOLE_THRESHOLD } from '../../core/mask-ops.ts';
import type { Mask, RgbaImage } from '../../core/types.ts';
import type { PortTensor } from '../port.ts';

/** RGB planes [1,3,H,W]: bytes as uint8, or float32 in 0..1. */
export function rgbPlanes(img: RgbaImage, type: 'uint8' | 'float32'): PortTensor {
  const n = img.width * img.height;
  const data = type === 'uint8' ? new Uint8Array(3 * n) : new Float32Array(3 * n);
  const k = type === 'uint8' ? 1 : 1 / 255;
  for (let i = 0; i < n; i++) {
    data[i] = img.data[i * 4] * k;
    data[n + i] = img.data[i * 4 + 1] * k;
    data[2 * n + i] = img.data[i * 4 + 2] * k;
  }
  return { type, data, dims: [1, 3, img.height, img.width] };
}

/** A mask plane [1,1,H,W] holding `hole` at hole pixels and `keep` elsewhere. */
export function maskPlane(hole: Mask, type: 'uint8' | 'float32', values: { hole: number; keep: number }): PortTensor {
  const data = type === 'uint8' ? new Uint8Array(hole.data.length) : new Float32Array(hole.data.length);
  for (let i = 0; i < data.length; i++) data[i] = hole.data[i] >= HOLE_THRESHOLD ? values.hole : values.keep;
  return { type, data, dims: [1, 1, hole.height, hole.width] };
}

/** Checks a model output is [1,3,H,W] of the expected type; the message names the model. */
export function expectRgbOutput(t: PortTensor | undefined, type: PortTensor['type'], w: number, h: number, model: string): PortTensor {
  const dims = t?.dims.join('x');
  if (!t || t.type !== type || dims !== `1x3x${h}x${w}`) {
    throw new Error(
      `The ${model} model returned ${t ? `${t.type} [${t.dims.join(',')}]` : 'no output'}, expected ${type} [1,3,${h},${w}]; the installed file is not the expected export.`,
    );
  }
  return t;
}

/**
 * A copy of `crop` whose hole pixels take the model's planar RGB (multiplied by `toByte`,
 * rounded, clamped) and become opaque; every other pixel is the crop's own.
 */
export function pasteHoleFromPlanes(crop: RgbaImage, hole: Mask, planes: ArrayLike<number>, toByte: number): RgbaImage {
  const n = crop.width * crop.height;
  const data = new Uint8ClampedArray(crop.data);
  const byte = (v: number) => {
    const b = Math.floor(v * toByte + 0.5);
    return b < 0 ? 0 : b > 255 ? 255 : b;
  };
  for (let i = 0; i < n; i++) {
    if (hole.data[i] < HOLE_THRESHOLD) continue;
    data[i * 4] = byte(planes[i]);
    data[i * 4 + 1] = byte(planes[n + i]);
    data[i * 4 + 2] = byte(planes[2 * n + i]);
    data[i * 4 + 3] = 255;
  }
  return { width: crop.width, height: crop.height, data };
}
