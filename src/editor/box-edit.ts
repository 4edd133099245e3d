// Editing text boxes under review with the pointer: which box or handle a point hits, and how
// a drag reshapes a box. Pure, in source pixels; the tolerance is the handle size in pixels at
// the current zoom, so handles are equally easy to grab at any scale.
import type { Box } from '../core/types.ts';

/** A corner or edge handle (compass letters), or the whole box. */
export type Handle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w' | 'move';

export const HANDLES: readonly Exclude<Handle, 'move'>[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

/** Where a handle sits on a box. */
export function handlePoint([x0, y0, x1, y1]: Box, h: Exclude<Handle, 'move'>): [number, number] {
  const x = h.includes('w') ? x0 : h.includes('e') ? x1 : (x0 + x1) / 2;
  const y = h.includes('n') ? y0 : h.includes('s') ? y1 : (y0 + y1) / 2;
  return [x, y];
}

/**
 * What a press at (x, y) grabs: a handle of the selected box first, then the smallest box
 * containing the point (so a small box inside a big one stays reachable), or null.
 */
export function hitTest(
  boxes: readonly Box[],
  selected: number | null,
  [x, y]: [number, number],
  tolerance: number,
): { index: number; handle: Handle } | null {
  if (selected !== null && boxes[selected]) {
    for (const h of HANDLES) {
      const [hx, hy] = handlePoint(boxes[selected], h);
      if (Math.abs(hx - x) <= tolerance && Math.abs(hy - y) <= tolerance) return { index: selected, handle: h };
    }
  }
  let best: { index: number; area: number } | null = null;
  boxes.forEach(([x0, y0, x1, y1], index) => {
    if (x < x0 - tolerance / 2 || x > x1 + tolerance / 2 || y < y0 - tolerance / 2 || y > y1 + tolerance / 2) return;
    const area = (x1 - x0) * (y1 - y0);
    if (!best || area < best.area) best = { index, area };
  });
  return best ? { index: (best as { index: number }).index, handle: 'move' } : null;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * `box` dragged by (dx, dy) on `handle`, in whole pixels inside the image. A resize that
 * crosses the opposite edge flips the box rather than inverting it; a move keeps its size.
 */
export function dragBox(box: Box, handle: Handle, dx: number, dy: number, width: number, height: number): Box {
  const [x0, y0, x1, y1] = box;
  if (handle === 'move') {
    const mx = clamp(Math.round(dx), -x0, width - x1);
    const my = clamp(Math.round(dy), -y0, height - y1);
    return [x0 + mx, y0 + my, x1 + mx, y1 + my];
  }
  let [a0, b0, a1, b1] = box;
  if (handle.includes('w')) a0 += dx;
  if (handle.includes('e')) a1 += dx;
  if (handle.includes('n')) b0 += dy;
  if (handle.includes('s')) b1 += dy;
  return normaliseBox([a0, b0, a1, b1], width, height);
}

/** Ordered corners, rounded to whole pixels and clipped to the image. */
export function normaliseBox([ax, ay, bx, by]: Box, width: number, height: number): Box {
  return [
    clamp(Math.round(Math.min(ax, bx)), 0, width),
    clamp(Math.round(Math.min(ay, by)), 0, height),
    clamp(Math.round(Math.max(ax, bx)), 0, width),
    clamp(Math.round(Math.max(ay, by)), 0, height),
  ];
}

/** Boxes thinner than this on either side are taken for a click, not a drag. */
export const MIN_BOX_SIDE = 3;

export function isUsableBox([x0, y0, x1, y1]: Box): boolean {
  return x1 - x0 >= MIN_BOX_SIDE && y1 - y0 >= MIN_BOX_SIDE;
}
