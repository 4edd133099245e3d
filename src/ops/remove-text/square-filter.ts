// Grey-level morphology by a square: the largest (smallest) value within r pixels along each
// axis, in constant time per pixel whatever r (van Herk / Gil-Werman: the maximum over a
// window of 2r + 1 values is that of the suffix of one block of 2r + 1 and the prefix of the
// next). Windows are cut at the array's edges, as if it were padded with values that never win.

/** Per pixel of the w x h array `a`, the largest value within r pixels along both axes. */
export function squareMax(a: Float32Array, w: number, h: number, r: number): Float32Array {
  const n = Math.max(w, h) + 2 * r;
  const pad = new Float32Array(n),
    prefix = new Float32Array(n),
    suffix = new Float32Array(n);
  // Along rows, then along the columns as rows of the transposed array (in cache order).
  const rows = new Float32Array(w * h);
  for (let y = 0; y < h; y++) maxLine(a, rows, y * w, w, r, pad, prefix, suffix);
  const t = transpose(rows, w, h);
  const cols = new Float32Array(w * h);
  for (let x = 0; x < w; x++) maxLine(t, cols, x * h, h, r, pad, prefix, suffix);
  return transpose(cols, h, w);
}

/** The w x h array `a` (row-major) as h x w. */
function transpose(a: Float32Array, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[x * h + y] = a[y * w + x];
  return out;
}

/** Per pixel of the w x h array `a`, the smallest value within r pixels along both axes. */
export function squareMin(a: Float32Array, w: number, h: number, r: number): Float32Array {
  const out = squareMax(
    a.map((v) => -v),
    w,
    h,
    r,
  );
  for (let i = 0; i < out.length; i++) out[i] = -out[i];
  return out;
}

/** The opening (bright details narrower than the square taken off) and closing (dark ones filled in). */
export function squareOpening(a: Float32Array, w: number, h: number, r: number): Float32Array {
  return squareMax(squareMin(a, w, h, r), w, h, r);
}

export function squareClosing(a: Float32Array, w: number, h: number, r: number): Float32Array {
  return squareMin(squareMax(a, w, h, r), w, h, r);
}

/** The running maximum over 2r + 1 values of the n values of `src` from `off`, into `dst` likewise. */
function maxLine(
  src: Float32Array,
  dst: Float32Array,
  off: number,
  n: number,
  r: number,
  pad: Float32Array,
  prefix: Float32Array,
  suffix: Float32Array,
): void {
  const k = 2 * r + 1,
    m = n + 2 * r;
  pad.fill(-Infinity, 0, r);
  pad.set(src.subarray(off, off + n), r);
  pad.fill(-Infinity, r + n, m);
  for (let b = 0; b < m; b += k) {
    const e = Math.min(m, b + k);
    let v = -Infinity;
    for (let i = b; i < e; i++) prefix[i] = v = pad[i] > v ? pad[i] : v;
    v = -Infinity;
    for (let i = e - 1; i >= b; i--) suffix[i] = v = pad[i] > v ? pad[i] : v;
  }
  for (let x = 0; x < n; x++) {
    const s = suffix[x],
      p = prefix[x + 2 * r];
    dst[off + x] = s > p ? s : p;
  }
}
