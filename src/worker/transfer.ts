// What a job hands over instead of copying: the ArrayBuffers behind a value's images, masks
// and tensors (its top-level fields holding a typed array, or an object whose `data` is one).

const bufferOf = (v: unknown): ArrayBuffer | undefined => {
  const view = ArrayBuffer.isView(v)
    ? v
    : ArrayBuffer.isView((v as { data?: unknown } | null)?.data)
      ? (v as { data: ArrayBufferView }).data
      : undefined;
  return view?.buffer instanceof ArrayBuffer ? view.buffer : undefined;
};

/** Each buffer once (a transfer list naming one twice is refused). */
export function buffersOf(value: unknown): ArrayBuffer[] {
  if (typeof value !== 'object' || value === null) return [];
  const own = bufferOf(value);
  const fields = Object.values(value).map(bufferOf);
  return [...new Set([own, ...fields].filter((b): b is ArrayBuffer => b !== undefined))];
}
