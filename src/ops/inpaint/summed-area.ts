// Summed-area table of a hole map: how many hole pixels lie in any rectangle, in four reads.

/**
 * The table, (w + 1) x (h + 1), row-major: entry (y, x) is the sum of `hole` over the
 * pixels above and left of (x, y). The rectangle [x0, x1) x [y0, y1) holds
 * t[y1 (w+1) + x1] - t[y0 (w+1) + x1] - t[y1 (w+1) + x0] + t[y0 (w+1) + x0].
 */
export function holeSummedArea(hole: ArrayLike<number>, w: number, h: number): Int32Array {
  const W = w + 1;
  const sat = new Int32Array(W * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += hole[y * w + x];
      sat[(y + 1) * W + x + 1] = sat[y * W + x + 1] + row;
    }
  }
  return sat;
}
