// Model runs sent to the server carry their tensors as one binary message: every element type
// comes back bit for bit, and a damaged message is refused saying what is wrong.
import { describe, expect, it } from 'vitest';
import { decodeTensors, encodeTensors } from './tensor-frame.ts';

describe('tensor frame', () => {
  it('round-trips every element type, shape and value exactly', () => {
    const tensors = {
      image: { type: 'float32' as const, dims: [1, 3, 2, 5], data: Float32Array.from({ length: 30 }, (_, i) => Math.sin(i) * 1e3) },
      half: { type: 'float16' as const, dims: [3], data: Uint16Array.of(0x3c00, 0x7bff, 0x8001) },
      mask: { type: 'uint8' as const, dims: [7], data: Uint8Array.of(0, 1, 2, 3, 250, 254, 255) },
      shape: { type: 'int64' as const, dims: [2], data: BigInt64Array.of(-1n, 2n ** 40n) },
      empty: { type: 'float32' as const, dims: [0, 4], data: new Float32Array(0) },
    };
    const back = decodeTensors(encodeTensors(tensors));
    expect(Object.keys(back)).toEqual(Object.keys(tensors));
    for (const [name, t] of Object.entries(tensors)) {
      expect(back[name].type).toBe(t.type);
      expect(back[name].dims).toEqual(t.dims);
      expect(Array.from(back[name].data as ArrayLike<number | bigint>)).toEqual(Array.from(t.data as ArrayLike<number | bigint>));
    }
  });

  it('refuses a damaged message, naming the problem', () => {
    const good = encodeTensors({ x: { type: 'float32', dims: [2, 2], data: new Float32Array(4) } });
    expect(() => decodeTensors(good.subarray(0, 2))).toThrow(/too short/);
    expect(() => decodeTensors(good.subarray(0, good.length - 4))).toThrow(/outside the message/);
    const lying = encodeTensors({ x: { type: 'float32', dims: [3, 3], data: new Float32Array(4) } });
    expect(() => decodeTensors(lying)).toThrow(/16 bytes do not hold dims \[3, 3\] of float32/);
    const text = new TextEncoder().encode('{not json');
    const bad = new Uint8Array(4 + text.length);
    new DataView(bad.buffer).setUint32(0, text.length, true);
    bad.set(text, 4);
    expect(() => decodeTensors(bad)).toThrow(/not JSON/);
  });
});
