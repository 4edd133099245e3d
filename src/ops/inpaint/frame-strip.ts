// The mask's growth stops short of the photo's frame. Where a mask runs closer to the frame
// than the growth, growing it would take the strip of pixels between them, and the hole
// would touch the frame: that side would have no known pixel left, and the fill would have to
// invent it from the other side alone (a flag's stripe next to a suit came back orange). The
// strip is the only sample of that side, so it is kept as it is; a halo in it stays, a few
// pixels wide at the frame, which costs far less than a side made up.
import { HOLE_THRESHOLD } from '../../core/mask-ops.ts';
import type { Box, Mask } from '../../core/types.ts';

/**
 * Clears, in `hole` (the grown hole of the crop `box` of a `width` x `height` photo), the
 * pixels between the frame and `mask` (the ungrown mask of the same crop) on each crop side
 * that lies on the frame, in each row or column where the mask comes within `dilate` px of the
 * frame without touching it. Rows or columns where the mask touches the frame, or stays
 * farther from it than the growth, are left alone.
 */
export function keepFrameStrip(hole: Mask, mask: Mask, box: Box, width: number, height: number, dilate: number): void {
  const { width: w, height: h } = hole;
  if (box[0] === 0) keepLeft(hole.data, mask.data, w, h, dilate);
  if (box[2] === width) keepRight(hole.data, mask.data, w, h, dilate);
  if (box[1] === 0) keepTop(hole.data, mask.data, w, h, dilate);
  if (box[3] === height) keepBottom(hole.data, mask.data, w, h, dilate);
}

// One function per side, without closures, so that V8 optimises each loop once.

function keepLeft(hole: Uint8Array, mask: Uint8Array, w: number, h: number, dilate: number): void {
  for (let y = 0; y < h; y++) {
    let x = 0;
    while (x < w && !(mask[y * w + x] >= HOLE_THRESHOLD)) x++;
    if (x > 0 && x <= dilate && x < w) for (let k = 0; k < x; k++) hole[y * w + k] = 0;
  }
}

function keepRight(hole: Uint8Array, mask: Uint8Array, w: number, h: number, dilate: number): void {
  for (let y = 0; y < h; y++) {
    let x = w - 1;
    while (x >= 0 && !(mask[y * w + x] >= HOLE_THRESHOLD)) x--;
    if (x >= 0 && w - 1 - x > 0 && w - 1 - x <= dilate) for (let k = x + 1; k < w; k++) hole[y * w + k] = 0;
  }
}

function keepTop(hole: Uint8Array, mask: Uint8Array, w: number, h: number, dilate: number): void {
  for (let x = 0; x < w; x++) {
    let y = 0;
    while (y < h && !(mask[y * w + x] >= HOLE_THRESHOLD)) y++;
    if (y > 0 && y <= dilate && y < h) for (let k = 0; k < y; k++) hole[k * w + x] = 0;
  }
}

function keepBottom(hole: Uint8Array, mask: Uint8Array, w: number, h: number, dilate: number): void {
  for (let x = 0; x < w; x++) {
    let y = h - 1;
    while (y >= 0 && !(mask[y * w + x] >= HOLE_THRESHOLD)) y--;
    if (y >= 0 && h - 1 - y > 0 && h - 1 - y <= dilate) for (let k = y + 1; k < h; k++) hole[k * w + x] = 0;
  }
}
