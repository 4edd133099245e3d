// PortTensor <-> onnxruntime-web Tensor, and the float32 <-> float16 widening/narrowing that
// lets operations stay precision-agnostic while an fp16 model runs on WebGPU.
import type * as ort from 'onnxruntime-web';
import type { OrtModule } from './ort-build.ts';
import { float16ToFloat32Array, float32ToFloat16Array } from '../core/float16.ts';
import type { PortTensor } from '../ops/port.ts';

/** `t` as a Tensor of the onnxruntime-web build `build` (each build has its own Tensor class). */
export function toOrt(build: OrtModule, t: PortTensor): ort.Tensor {
  return new build.Tensor(t.type, t.data as never, t.dims);
}

export function fromOrt(t: ort.Tensor): PortTensor {
  const type = t.type as PortTensor['type'];
  let data = t.data as PortTensor['data'] | Float32Array;
  // Some builds hand float16 back as a Float16Array; the port's contract is raw Uint16 bits.
  if (type === 'float16' && !(data instanceof Uint16Array)) data = new Uint16Array((data as unknown as { buffer: ArrayBuffer }).buffer);
  return { type, data, dims: [...t.dims] };
}

export function narrowToHalf(t: PortTensor): PortTensor {
  return t.type === 'float32' ? { type: 'float16', data: float32ToFloat16Array(t.data as Float32Array), dims: t.dims } : t;
}

export function widenToFloat(t: PortTensor): PortTensor {
  return t.type === 'float16' ? { type: 'float32', data: float16ToFloat32Array(t.data as Uint16Array), dims: t.dims } : t;
}
