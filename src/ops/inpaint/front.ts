// Breadth-first growth over a pixel grid, one ring of 8-neighbours at a time: the onion fill,
// nearest-pixel maps and region growing all step a front outwards this way.

/**
 * The next ring: every 8-neighbour j of a pixel i of `front` (indices in a w x h row-major
 * grid) for which `admit(j, i)` is true, in a fixed order (front order, then rows, then
 * columns), so results replay. `admit` must mark j as taken, or j is admitted again.
 */
export function nextRing(front: readonly number[], w: number, h: number, admit: (j: number, from: number) => boolean): number[] {
  const next: number[] = [];
  for (let k = 0; k < front.length; k++) {
    const i = front[k];
    const x = i % w,
      y = (i - x) / w;
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx,
          ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        const j = ny * w + nx;
        if (admit(j, i)) next.push(j);
      }
  }
  return next;
}
