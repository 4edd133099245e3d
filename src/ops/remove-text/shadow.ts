// Drop shadows of opaque text. A shadow is the glyphs' shape, darker, shifted a few pixels
// one way: its colours are the background's darkened, so the colour evidence of text-mask.ts
// does not pick it, and left behind it reads as the text in dark. It is found by its
// direction: of all small shifts of the glyph mask, the one whose band beside the glyphs is
// much darker than the band on the opposite side (where no shadow falls) is the shadow's.
import { dilate } from '../../core/mask-ops.ts';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';
import { luma } from '../inpaint/ring-texture.ts';

/** The shadow's band must be this many grey levels darker than the opposite band. */
const DARKER = 16;
/** Bands thinner than this many pixels say nothing. */
const MIN_BAND = 40;

/** The glyph mask `glyphs` (0/255 over window `win` of `img`) shifted by (dx, dy), or 0 outside. */
function at(glyphs: Mask, x: number, y: number): boolean {
  return x >= 0 && y >= 0 && x < glyphs.width && y < glyphs.height && glyphs.data[y * glyphs.width + x] > 0;
}

/**
 * The shadow of `glyphs` (over window `win`), shifted at most `reach` px, as a mask over the
 * window (the band between the glyphs and the shifted copy, softened by 1 px), or null
 * when no side is clearly darker.
 */
export function dropShadow(img: RgbaImage, win: Box, glyphs: Mask, reach: number): Mask | null {
  const { width: w, height: h } = glyphs;
  const lum = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) lum[y * w + x] = luma(img.data, (win[1] + y) * img.width + win[0] + x);
  let best = { dx: 0, dy: 0, darker: DARKER };
  for (let dy = -reach; dy <= reach; dy++)
    for (let dx = -reach; dx <= reach; dx++) {
      if (dx === 0 && dy === 0) continue;
      let near = 0,
        nearN = 0,
        far = 0,
        farN = 0;
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          if (glyphs.data[y * w + x]) continue;
          if (at(glyphs, x - dx, y - dy)) {
            near += lum[y * w + x];
            nearN++;
          }
          if (at(glyphs, x + dx, y + dy)) {
            far += lum[y * w + x];
            farN++;
          }
        }
      if (nearN < MIN_BAND || farN < MIN_BAND) continue;
      const darker = far / farN - near / nearN;
      // Prefer the longer shift at equal darkness: a soft shadow is darkest a little away from its glyph.
      if (darker > best.darker) best = { dx, dy, darker };
    }
  if (best.dx === 0 && best.dy === 0) return null;
  const steps = Math.max(Math.abs(best.dx), Math.abs(best.dy));
  const out: Mask = { width: w, height: h, data: new Uint8Array(w * h) };
  for (let k = 1; k <= steps; k++) {
    const sx = Math.round((best.dx * k) / steps),
      sy = Math.round((best.dy * k) / steps);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (at(glyphs, x - sx, y - sy)) out.data[y * w + x] = 255;
  }
  return dilate(out, 1);
}
