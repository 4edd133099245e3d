// A minimal ONNX (protobuf) writer: just enough of onnx.proto3 to build small graphs of
// standard operators by hand, with no dependency. Field numbers are onnx.proto's.

type Bytes = number[];

function varint(n: number | bigint): Bytes {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: Bytes = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}

const key = (field: number, wire: number): Bytes => varint((field << 3) | wire);
const int = (field: number, n: number): Bytes => [...key(field, 0), ...varint(n)];
const bytes = (field: number, b: Bytes | Uint8Array): Bytes => [...key(field, 2), ...varint(b.length), ...b];
const str = (field: number, s: string): Bytes => bytes(field, [...new TextEncoder().encode(s)]);
const msg = (field: number, parts: Bytes[]): Bytes => bytes(field, parts.flat());

export const DataType = { FLOAT: 1, UINT8: 2, INT64: 7 } as const;
export type DataTypeId = (typeof DataType)[keyof typeof DataType];

/** A graph input/output: a name, an element type and dims (numbers, or names for dynamic ones). */
export interface ValueInfo {
  name: string;
  type: DataTypeId;
  dims: (number | string)[];
}

export interface Attribute {
  name: string;
  int?: number;
  ints?: number[];
  float?: number;
}

export interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Attribute[];
}

/** A float32 or int64 constant baked into the graph. */
export interface Initializer {
  name: string;
  dims: number[];
  floats?: number[];
  int64s?: number[];
}

function valueInfo(field: number, v: ValueInfo): Bytes {
  const dims = v.dims.map((d) => msg(1, [typeof d === 'number' ? int(1, d) : str(2, d)]));
  const tensorType = msg(1, [int(1, v.type), msg(2, dims)]);
  return msg(field, [str(1, v.name), msg(2, [tensorType])]);
}

function attribute(a: Attribute): Bytes {
  if (a.float !== undefined) {
    const f = new Uint8Array(new Float32Array([a.float]).buffer);
    return msg(5, [str(1, a.name), [...key(2, 5), ...f], int(20, 1)]);
  }
  if (a.ints) return msg(5, [str(1, a.name), ...a.ints.map((i) => int(8, i)), int(20, 7)]);
  return msg(5, [str(1, a.name), int(3, a.int ?? 0), int(20, 2)]);
}

function initializer(t: Initializer): Bytes {
  const raw = t.floats
    ? new Uint8Array(new Float32Array(t.floats).buffer)
    : new Uint8Array(new BigInt64Array((t.int64s ?? []).map(BigInt)).buffer);
  return msg(5, [...t.dims.map((d) => int(1, d)), int(2, t.floats ? DataType.FLOAT : DataType.INT64), str(8, t.name), bytes(9, raw)]);
}

/** Serialises a single-graph model (default domain, opset 17). */
export function encodeModel(g: {
  name: string;
  nodes: Node[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  initializers?: Initializer[];
}): Uint8Array {
  const nodes = g.nodes.map((n, i) =>
    msg(1, [
      ...n.inputs.map((s) => str(1, s)),
      ...n.outputs.map((s) => str(2, s)),
      str(3, `${n.op}_${i}`),
      str(4, n.op),
      ...(n.attributes ?? []).map(attribute),
    ]),
  );
  const graph = msg(7, [
    ...nodes,
    str(2, g.name),
    ...(g.initializers ?? []).map(initializer),
    ...g.inputs.map((v) => valueInfo(11, v)),
    ...g.outputs.map((v) => valueInfo(12, v)),
  ]);
  return new Uint8Array([...int(1, 8), ...str(2, 'cleanplate-standins'), ...graph, ...msg(8, [str(1, ''), int(2, 17)])]);
}
