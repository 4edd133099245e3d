// The arithmetic a convolutional network does per output pixel, read from its .onnx file, so
// the benchmark can turn a time into GFLOP/s and compare it with what the CPU's SIMD can issue.
// Counts 2 x (weight elements) per pixel for every Conv (a multiply and an add per weight);
// valid for networks whose convolutions all keep the input's size (stride 1, "same" padding),
// such as Real-ESRGAN's SRVGGNetCompact: anything else is refused. Elementwise ops are ignored.
// A minimal protobuf reader: ModelProto.graph(7) -> GraphProto.node(1), .initializer(5).

interface Field {
  no: number;
  value: bigint | Uint8Array;
}

/** Reads varints from `buf` starting at `at.pos`, moving it on. */
function varint(buf: Uint8Array, at: { pos: number }): bigint {
  let v = 0n;
  for (let shift = 0n; ; shift += 7n) {
    const b = buf[at.pos++];
    v |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return v;
  }
}

function* fields(buf: Uint8Array): Generator<Field> {
  const at = { pos: 0 };
  while (at.pos < buf.length) {
    const key = Number(varint(buf, at));
    const no = key >>> 3,
      wire = key & 7;
    if (wire === 0) yield { no, value: varint(buf, at) };
    else if (wire === 2) {
      const len = Number(varint(buf, at));
      yield { no, value: buf.subarray(at.pos, (at.pos += len)) };
    } else if (wire === 1) at.pos += 8;
    else if (wire === 5) at.pos += 4;
    else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Appends a repeated int64 field's values, packed (bytes) or not (one varint). */
function ints(f: Field, into: number[]): void {
  if (typeof f.value === 'bigint') return void into.push(Number(f.value));
  const at = { pos: 0 };
  while (at.pos < f.value.length) into.push(Number(varint(f.value, at)));
}

/** Flops per output pixel of every Conv in the model (before any pixel shuffle). */
export function convFlopsPerPixel(model: Uint8Array): number {
  const graph = [...fields(model)].find((f) => f.no === 7)?.value;
  if (!(graph instanceof Uint8Array)) throw new Error('no graph in the model');
  const weights = new Map<string, number>();
  const convs: { weight: string; attrs: Map<string, number[]> }[] = [];
  for (const f of fields(graph)) {
    if (f.no === 5 && f.value instanceof Uint8Array) {
      const dims: number[] = [];
      let name = '';
      for (const t of fields(f.value)) {
        if (t.no === 1) ints(t, dims);
        if (t.no === 8 && t.value instanceof Uint8Array) name = text(t.value);
      }
      weights.set(
        name,
        dims.reduce((a, b) => a * b, 1),
      );
    }
    if (f.no === 1 && f.value instanceof Uint8Array) {
      const inputs: string[] = [];
      let op = '';
      const attrs = new Map<string, number[]>();
      for (const n of fields(f.value)) {
        if (n.no === 1 && n.value instanceof Uint8Array) inputs.push(text(n.value));
        if (n.no === 4 && n.value instanceof Uint8Array) op = text(n.value);
        if (n.no === 5 && n.value instanceof Uint8Array) {
          let name = '';
          const values: number[] = [];
          for (const a of fields(n.value)) {
            if (a.no === 1 && a.value instanceof Uint8Array) name = text(a.value);
            if (a.no === 8) ints(a, values);
          }
          attrs.set(name, values);
        }
      }
      if (op === 'Conv') convs.push({ weight: inputs[1], attrs });
    }
  }
  if (convs.length === 0) throw new Error('the model has no Conv');
  let flops = 0;
  for (const { weight, attrs } of convs) {
    if ((attrs.get('strides') ?? []).some((s) => s !== 1)) throw new Error(`Conv on ${weight} has a stride: not a same-size network`);
    const size = weights.get(weight);
    if (size === undefined) throw new Error(`Conv weight ${weight} is not an initializer`);
    flops += 2 * size;
  }
  return flops;
}
