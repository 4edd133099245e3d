// A caption with a soft drop shadow generated over a real photo (the dev set's coffee: rough
// wood, whose dark grain has the shadow's colours), as captions are made: the letters moved
// a few pixels, blurred, in black at 75%, then the letters on top. The colour evidence takes
// the letters and part of the shadow; the rest fades into the wood and, left out of the
// mask, stays as dark crumbs along the letters after the fill.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Box, Mask, RgbaImage } from '../../core/types.ts';
import { dropShadow } from './drop-shadow.ts';
import { textMask } from './text-mask.ts';
import { drawnOver } from './test/drawn.ts';
import { drawText, glyphCoverage, type Rgb } from '../../../scripts/eval/wider/render-text.ts';
import { textCase } from '../../../scripts/eval/wider/generate.ts';
import { VIEWS } from '../../../scripts/eval/wider/views.ts';

const PHOTO = '../shared/datasets/dev/text/coffee/clean.png';
const LADYBIRD = '/usr/share/backgrounds/mate/nature/LadyBird.jpg';
const AT = { x: 40, y: 330 };
const OFFSET = 3;

async function rgba(file: string): Promise<RgbaImage> {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data) };
}

/** Coverage (0..255) of a line of bold text over a picture of the photo's size, and the letters' box. */
async function letters(width: number, height: number): Promise<{ shape: Mask; box: Box }> {
  const { data, info } = await sharp({ text: { text: '<b>Summer at the lake</b>', font: 'Open Sans 34', dpi: 72, rgba: false } })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const shape: Mask = { width, height, data: new Uint8Array(width * height) };
  for (let y = 0; y < info.height; y++)
    for (let x = 0; x < info.width; x++) shape.data[(AT.y + y) * width + AT.x + x] = data[y * info.width + x];
  return { shape, box: [AT.x - 4, AT.y - 4, AT.x + info.width + OFFSET + 6, AT.y + info.height + OFFSET + 6] };
}

/** `shape` moved by OFFSET and blurred: the shadow's coverage. */
async function shadowOf(shape: Mask): Promise<Mask> {
  const moved = new Uint8Array(shape.data.length);
  for (let y = 0; y + OFFSET < shape.height; y++)
    for (let x = 0; x + OFFSET < shape.width; x++) moved[(y + OFFSET) * shape.width + x + OFFSET] = shape.data[y * shape.width + x];
  const blurred = await sharp(Buffer.from(moved), { raw: { width: shape.width, height: shape.height, channels: 1 } })
    .blur(2)
    .extractChannel(0)
    .raw()
    .toBuffer();
  return { ...shape, data: new Uint8Array(blurred) };
}

/** Share of the pixels the shadow darkened by more than 40 grey levels (plainly visible; not under a letter) that `mask` holds. */
function shadowCovered(clean: RgbaImage, texted: RgbaImage, shape: Mask, mask: Mask): number {
  let dark = 0,
    held = 0;
  for (let i = 0; i < shape.data.length; i++) {
    if (shape.data[i] > 0) continue;
    const drop =
      (clean.data[i * 4] +
        clean.data[i * 4 + 1] +
        clean.data[i * 4 + 2] -
        texted.data[i * 4] -
        texted.data[i * 4 + 1] -
        texted.data[i * 4 + 2]) /
      3;
    if (drop <= 40) continue;
    dark++;
    if (mask.data[i]) held++;
  }
  return held / dark;
}

/**
 * Share of the pixels that `texted` made over 20 grey levels darker than `clean` (a white
 * caption's shadow), within `near` when given, that `mask` holds.
 */
function darkenedHeld(clean: RgbaImage, texted: RgbaImage, mask: Mask, near?: Box): number {
  let dark = 0,
    held = 0;
  for (let i = 0; i < mask.data.length; i++) {
    const x = i % mask.width,
      y = Math.floor(i / mask.width);
    if (near && (x < near[0] || y < near[1] || x >= near[2] || y >= near[3])) continue;
    const drop = [0, 1, 2].reduce((d, c) => d + clean.data[i * 4 + c] - texted.data[i * 4 + c], 0) / 3;
    if (drop <= 20) continue; // (white letters only lighten: these are the shadow's)
    dark++;
    if (mask.data[i]) held++;
  }
  return held / dark;
}

describe('drop shadows of captions', () => {
  it('takes the whole soft shadow into the text mask, found by its offset', async () => {
    const clean = await rgba(PHOTO);
    const { shape, box } = await letters(clean.width, clean.height);
    const texted = drawnOver(drawnOver(clean, await shadowOf(shape), [0, 0, 0], 0.75), shape, [255, 214, 10], 1);
    const mask = textMask(texted, [box]);
    // Without the shadow's own step the mask holds half of it (0.52): crumbs remain after the
    // fill. The faint fringe over this dark, busy wood is left: filling it costs more.
    expect(shadowCovered(clean, texted, shape, mask)).toBeGreaterThan(0.8);
    // Nothing beyond the box's reach.
    for (let y = 0; y < mask.height; y++)
      for (let x = 0; x < mask.width; x++)
        if (mask.data[y * mask.width + x]) expect(x >= box[0] - 12 && x < box[2] + 12 && y >= box[1] - 12 && y < box[3] + 12).toBe(true);
  });

  it("takes the shadow of small serif type too, whose core the letters' own mask already holds", async () => {
    // The wider set's ladybird-stem, drawn by its own renderer: an 18 px serif line over
    // out-of-focus leaves, its shadow 2 px off, blurred, black at 70%. Past the letters' grown
    // mask the shadow departs from the background by only 14 grey levels; it was left out, and
    // stayed as a dark smear under the removed words.
    const { data, info } = await sharp(LADYBIRD)
      .extract({ left: 1250, top: 450, width: 960, height: 600 })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const clean: RgbaImage = { width: info.width, height: info.height, data: new Uint8ClampedArray(data) };
    const shadow = { dx: 2, dy: 2, sigma: 1.2, opacity: 0.7, colour: [0, 0, 0] as Rgb };
    const look = { font: 'free-serif' as const, size: 18, colour: [255, 255, 255] as Rgb, opacity: 1, shadow };
    const glyphs = await glyphCoverage('Free entry for children under twelve', look.font, look.size);
    const texted = drawText(clean, glyphs, look, 646, 381).image;
    // The detector's box there (the ink's, not the shadow's reach).
    const mask = textMask(texted, [[643, 379, 908, 402]]);
    // Without the shadow's step 0.71.
    expect(darkenedHeld(clean, texted, mask)).toBeGreaterThan(0.85);
  });

  it('takes the diagonal shadow of a caption that runs from a light petal onto a dark gap', async () => {
    // The wider set's yellowflower-petals: a 33 px bold italic serif "Weekend sale" in white,
    // its shadow 3 px right and 3 px down, over a yellow petal that gives way under "sale" to
    // the black gap between two petals. The shadow was left out (one background for the whole
    // window sat between the petal's and the gap's, and a peak 4.2 px out was taken for the
    // edge of a 5 px search): the fill spread it into a dark smudge that read "W..kend sale".
    const k = VIEWS.findIndex((v) => v.name === 'yellowflower-petals');
    const { clean, texted, boxes } = await textCase(VIEWS[k], k);
    expect(boxes.find((b) => b.text === 'Weekend sale')?.box).toEqual([243, 240, 432, 274]);
    // The detector's box there.
    const box: Box = [245, 240, 429, 272];
    const mask = textMask(texted, [box]);
    // (the dark letters of the line below are not this caption's shadow)
    // Before: 0.08. What is left is the blur's faint outer fringe and the shadow over the gap.
    expect(darkenedHeld(clean, texted, mask, [box[0] - 12, box[1] - 12, box[2] + 12, box[3] + 12])).toBeGreaterThan(0.6);
  });

  it('takes the blur of a shadow over a background shading from green into orange', async () => {
    // The wider set generated with seed 4242, twowings-full: "@meadow_tales" in white over a
    // blurred background going from dark green to bright orange along the line, its shadow 3
    // px off and blurred. The blur's reach was judged against how much the whole window
    // varies, which that shading made large: the mask held 0.44 of the darkened pixels, and
    // the blur stayed, reading "@meadow_tales" in dark after the fill.
    const k = VIEWS.findIndex((v) => v.name === 'twowings-full');
    const { clean, texted, boxes } = await textCase(VIEWS[k], k, 4242);
    const truth = boxes.find((b) => b.text === '@meadow_tales')!.box;
    const box: Box = [64, 528, 317, 560]; // the detector's
    const mask = textMask(texted, [box]);
    expect(darkenedHeld(clean, texted, mask, [truth[0] - 8, truth[1] - 8, truth[2] + 8, truth[3] + 8])).toBeGreaterThan(0.7);
  });

  it('finds no shadow where there is none: the same letters alone, on the wood and on a gradient', async () => {
    const clean = await rgba(PHOTO);
    const { shape, box } = await letters(clean.width, clean.height);
    const win: Box = [box[0] - 8, box[1] - 8, box[2] + 8, box[3] + 8];
    const found = (img: RgbaImage): Mask => {
      const w = win[2] - win[0],
        h = win[3] - win[1];
      const m: Mask = { width: w, height: h, data: new Uint8Array(w * h) };
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) if (shape.data[(win[1] + y) * img.width + win[0] + x] > 64) m.data[y * w + x] = 255;
      return m;
    };
    const plain = drawnOver(clean, shape, [255, 214, 10], 1);
    expect(dropShadow(plain, win, found(plain), 34)).toBeNull();
    // A sky darkening downwards by 2 grey levels a pixel: both sides of the letters depart, oppositely.
    const sky = { ...clean, data: new Uint8ClampedArray(clean.data.length) };
    for (let y = 0; y < sky.height; y++) {
      const v = Math.max(0, 240 - 2 * Math.max(0, y - win[1]));
      for (let x = 0; x < sky.width; x++) sky.data.set([v * 0.8, v * 0.9, v, 255], (y * sky.width + x) * 4);
    }
    const onSky = drawnOver(sky, shape, [255, 214, 10], 1);
    expect(dropShadow(onSky, win, found(onSky), 34)).toBeNull();
    // With the shadow, it is found on the side where it was drawn (its near edge: the offset
    // that departs most from the background), dark.
    const shadowed = drawnOver(drawnOver(clean, await shadowOf(shape), [0, 0, 0], 0.75), shape, [255, 214, 10], 1);
    const s = dropShadow(shadowed, win, found(shadowed), 34);
    expect(s).not.toBeNull();
    expect(s!.dx >= 0 && s!.dy >= 0).toBe(true);
    expect(s!.contrast).toBeGreaterThan(0);
  });
});
