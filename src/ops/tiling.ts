// Overlapping tiles and the feather weights that blend them, shared by the tiled ops.
// The weights of overlapping tiles form a partition of unity (they sum to exactly 1 at
// every position), so a blended result needs no normalisation pass.

/** A half-open interval [start, end) along one axis, in input pixels. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Covers [0, length) with the fewest spans of at most `size` that overlap by at least
 * `overlap`, spread evenly. One span when the length fits. With `tight`, the spans are as
 * short as that count allows (every overlap close to `overlap`), instead of exactly `size`:
 * a 256 px side in 192 px tiles becomes two 136 px spans, not two 192 px spans that
 * overlap by 128 (less redundant work for a network that costs per pixel).
 */
export function tileSpans(length: number, size: number, overlap: number, tight = false): Span[] {
  if (size <= 2 * overlap) throw new RangeError(`tile size ${size} must exceed twice the overlap ${overlap}`);
  if (length <= size) return [{ start: 0, end: length }];
  const n = Math.ceil((length - overlap) / (size - overlap));
  // n spans of `side` reach `length` with overlaps >= `overlap`: n * side - (n - 1) * overlap >= length.
  const side = tight ? Math.ceil((length + (n - 1) * overlap) / n) : size;
  const spans: Span[] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.round((i * (length - side)) / (n - 1));
    spans.push({ start, end: start + side });
  }
  return spans;
}

/**
 * Feather weight of span `i` at position `p` (continuous, same units as the spans): 1 in
 * the span's own part, a linear ramp across each overlap with a neighbour, so that the
 * two neighbours' weights sum to 1 there. Positions outside the span weigh 0.
 */
export function featherWeight(spans: readonly Span[], i: number, p: number): number {
  const s = spans[i];
  if (p < s.start || p >= s.end) return 0;
  const prev = spans[i - 1];
  if (prev && p < prev.end) return (p - s.start) / (prev.end - s.start);
  const next = spans[i + 1];
  if (next && p >= next.start) return (s.end - p) / (s.end - next.start);
  return 1;
}

/** One tile of a 2-D grid of spans. */
export interface Tile {
  col: number;
  row: number;
  x: Span;
  y: Span;
}

/** Row-major grid of tiles (tight spans, at most size x size) covering a width x height image. */
export function tileGrid(width: number, height: number, size: number, overlap: number): { cols: Span[]; rows: Span[]; tiles: Tile[] } {
  const cols = tileSpans(width, size, overlap, true);
  const rows = tileSpans(height, size, overlap, true);
  const tiles: Tile[] = [];
  rows.forEach((y, row) => cols.forEach((x, col) => tiles.push({ col, row, x, y })));
  return { cols, rows, tiles };
}
