// Onion-peel fill: hole pixels are filled layer by layer from the boundary inwards, each
// with the mean of its already-known 8-neighbours. Smooth, deterministic, integer-only; the
// starting guess for PatchMatch's coarsest level and the core of the diffusion engine.
import { nextRing } from './front.ts';

/**
 * Fills, in place, the pixels of `rgba` (w x h, 4 channels) where `hole` is 1. `hole` is
 * left unchanged. Pixels with no known pixel anywhere stay as they are.
 */
export function onionFill(rgba: Uint8ClampedArray, hole: Uint8Array, w: number, h: number): void {
  const known = new Uint8Array(w * h);
  for (let i = 0; i < known.length; i++) known[i] = hole[i] ? 0 : 1;
  let front = firstLayer(known, w, h);
  while (front.length) {
    fillLayer(rgba, known, front, w, h);
    for (let k = 0; k < front.length; k++) known[front[k]] = 1;
    const next = nextRing(front, w, h, (j) => {
      if (known[j] !== 0) return false;
      known[j] = 2; // queued once
      return true;
    });
    for (let k = 0; k < next.length; k++) known[next[k]] = 0;
    front = next;
  }
}

// onionFill's loops are functions of their own so that V8 optimises each loop once.

/** The unknown pixels (`known` 0) with a known 8-neighbour (`known` 1), in raster order. */
function firstLayer(known: Uint8Array, w: number, h: number): number[] {
  const front: number[] = [];
  for (let i = 0; i < known.length; i++) if (!known[i] && touchesKnown(known, i, w, h)) front.push(i);
  return front;
}

function touchesKnown(known: Uint8Array, i: number, w: number, h: number): boolean {
  const x = i % w,
    y = (i - x) / w;
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++) {
      const nx = x + dx,
        ny = y + dy;
      if ((dx || dy) && nx >= 0 && ny >= 0 && nx < w && ny < h && known[ny * w + nx] === 1) return true;
    }
  return false;
}

/** Each pixel of `front` set to the weighted mean of its known 8-neighbours. */
function fillLayer(rgba: Uint8ClampedArray, known: Uint8Array, front: readonly number[], w: number, h: number): void {
  for (let k = 0; k < front.length; k++) {
    const i = front[k];
    const x = i % w,
      y = (i - x) / w;
    let r = 0,
      g = 0,
      b = 0,
      a = 0,
      n = 0;
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx,
          ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        const j = ny * w + nx;
        if (known[j] !== 1) continue;
        // Edge neighbours count twice as much as diagonal ones.
        const wt = dx && dy ? 1 : 2;
        r += rgba[j * 4] * wt;
        g += rgba[j * 4 + 1] * wt;
        b += rgba[j * 4 + 2] * wt;
        a += rgba[j * 4 + 3] * wt;
        n += wt;
      }
    const half = n >> 1;
    rgba[i * 4] = ((r + half) / n) | 0;
    rgba[i * 4 + 1] = ((g + half) / n) | 0;
    rgba[i * 4 + 2] = ((b + half) / n) | 0;
    rgba[i * 4 + 3] = ((a + half) / n) | 0;
  }
}
