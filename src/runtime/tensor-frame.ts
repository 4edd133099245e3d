// Tensors as one binary message, for model runs sent to the server (browser worker -> Node and
// back): a little-endian u32 header length, the header as JSON (name, element type, dims,
// byte offset and length of each tensor's data), then the data, each tensor's bytes starting
// on an 8-byte boundary so they can be viewed in place. Platforms are little-endian wherever
// browsers and Node run, and typed arrays use the platform's order.
import type { PortTensor, TensorElement } from '../ops/port.ts';

interface Entry {
  name: string;
  type: TensorElement;
  dims: number[];
  offset: number;
  length: number;
}

/** The media type of a tensor frame, on the model-run request and its answer. */
export const TENSOR_FRAME_TYPE = 'application/x-cleanplate-tensors';

const BYTES: Record<TensorElement, number> = { float32: 4, float16: 2, uint8: 1, int64: 8 };
const align8 = (n: number) => (n + 7) & ~7;

/** The tensors as one message. */
export function encodeTensors(tensors: Record<string, PortTensor>): Uint8Array<ArrayBuffer> {
  const names = Object.keys(tensors);
  const entries: Entry[] = [];
  let offset = 0;
  for (const name of names) {
    const { type, dims, data } = tensors[name];
    entries.push({ name, type, dims, offset, length: data.byteLength });
    offset = align8(offset + data.byteLength);
  }
  const header = new TextEncoder().encode(JSON.stringify(entries));
  const start = align8(4 + header.length);
  const out = new Uint8Array(start + offset);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  for (const [i, name] of names.entries()) {
    const { data } = tensors[name];
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), start + entries[i].offset);
  }
  return out;
}

export class TensorFrameError extends Error {
  override name = 'TensorFrameError';
}

function view(type: TensorElement, buffer: ArrayBuffer, byteOffset: number, count: number): PortTensor['data'] {
  switch (type) {
    case 'float32':
      return new Float32Array(buffer, byteOffset, count);
    case 'float16':
      return new Uint16Array(buffer, byteOffset, count);
    case 'uint8':
      return new Uint8Array(buffer, byteOffset, count);
    case 'int64':
      return new BigInt64Array(buffer, byteOffset, count);
  }
}

/** The tensors of a message (views into a copy of it); throws TensorFrameError, saying what is wrong, on anything malformed. */
export function decodeTensors(message: Uint8Array): Record<string, PortTensor> {
  if (message.byteLength < 4) throw new TensorFrameError('the message is too short to hold a tensor header');
  const bytes = new Uint8Array(message); // a copy with its own aligned buffer (a Node Buffer may be a view into a pool)
  const headerLength = new DataView(bytes.buffer).getUint32(0, true);
  if (4 + headerLength > bytes.length) throw new TensorFrameError('the tensor header runs past the end of the message');
  let entries: Entry[];
  try {
    entries = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength))) as Entry[];
  } catch {
    throw new TensorFrameError('the tensor header is not JSON');
  }
  if (!Array.isArray(entries)) throw new TensorFrameError('the tensor header is not a list');
  const start = align8(4 + headerLength);
  const out: Record<string, PortTensor> = {};
  for (const e of entries) {
    const size = BYTES[e?.type];
    if (!size) throw new TensorFrameError(`tensor "${e?.name}": unknown element type "${e?.type}"`);
    if (!Array.isArray(e.dims) || !e.dims.every((d) => Number.isInteger(d) && d >= 0))
      throw new TensorFrameError(`tensor "${e.name}": dims must be whole numbers`);
    const count = e.dims.reduce((a, b) => a * b, 1);
    if (e.length !== count * size)
      throw new TensorFrameError(`tensor "${e.name}": ${e.length} bytes do not hold dims [${e.dims.join(', ')}] of ${e.type}`);
    if (!Number.isInteger(e.offset) || e.offset < 0 || e.offset % 8 !== 0 || start + e.offset + e.length > bytes.length) {
      throw new TensorFrameError(`tensor "${e.name}": its data lies outside the message`);
    }
    out[e.name] = { type: e.type, dims: e.dims, data: view(e.type, bytes.buffer, start + e.offset, count) };
  }
  return out;
}
