// PortTensor <-> onnxruntime-web Tensor, and the float32 <-> float16 widening/narrowing that
// lets operations stay precision-agnostic while an fp16 model runs on WebGPU.
import * as ort from 'onnxruntime-web';
import type { PortTensor } from '../ops/port.ts';

export function toOrt(t: PortTensor): ort.Tensor {
  return new ort.Tensor(t.type, t.data as never, t.dims);
}

export function fromOrt(t: ort.Tensor): PortTensor {
  const type = t.type as PortTensor['type'];
  let data = t.data as PortTensor['data'] | Float32Array;
  // Some builds hand float16 back as a Float16Array; the port's contract is raw Uint16 bits.
  if (type === 'float16' && !(data instanceof Uint16Array)) data = new Uint16Array((data as unknown as { buffer: ArrayBuffer }).buffer);
  return { type, data, dims: [...t.dims] };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE float32 -> float16 bits, round to nearest even. */
export function toHalfBits(v: number): number {
  f32[0] = v;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
  return sign | half;
}

/** float16 bits -> number. */
export function fromHalfBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

export function narrowToHalf(t: PortTensor): PortTensor {
  if (t.type !== 'float32') return t;
  const src = t.data as Float32Array;
  const out = new Uint16Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = toHalfBits(src[i]);
  return { type: 'float16', data: out, dims: t.dims };
}

let halfTable: Float32Array | undefined;

export function widenToFloat(t: PortTensor): PortTensor {
  if (t.type !== 'float16') return t;
  if (!halfTable) {
    halfTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) halfTable[h] = fromHalfBits(h);
  }
  const table = halfTable;
  const src = t.data as Uint16Array;
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = table[src[i]];
  return { type: 'float32', data: out, dims: t.dims };
}
