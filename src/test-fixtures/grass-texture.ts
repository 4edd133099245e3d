// A rough, grass-like texture for tests of fills over texture: fine blades over light and
// shade (value noise at 2, 5 and 13 px), greenish, luma about 30..220; the same pixels on
// every run.
import type { RgbaImage } from '../core/types.ts';

function hash(x: number, y: number, seed: number): number {
  return (Math.imul((x * 73856093) ^ (y * 19349663) ^ (seed * 83492791), 2654435761) >>> 8) / (1 << 24);
}

/** Value noise, smooth at `cell` px. */
function noise(x: number, y: number, cell: number, seed: number): number {
  const gx = x / cell,
    gy = y / cell,
    x0 = Math.floor(gx),
    y0 = Math.floor(gy),
    fx = gx - x0,
    fy = gy - y0;
  const top = hash(x0, y0, seed) * (1 - fx) + hash(x0 + 1, y0, seed) * fx;
  const bottom = hash(x0, y0 + 1, seed) * (1 - fx) + hash(x0 + 1, y0 + 1, seed) * fx;
  return top * (1 - fy) + bottom * fy;
}

export function grassTexture(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const l = 30 + 190 * (0.45 * noise(x, y, 2, 1) + 0.35 * noise(x, y, 5, 2) + 0.2 * noise(x, y, 13, 3));
      data.set([l * 0.85, l, l * 0.7, 255], (y * width + x) * 4);
    }
  return { width, height, data };
}
