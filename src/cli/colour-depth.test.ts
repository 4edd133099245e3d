// Colour and depth of CLI results: a CMYK JPEG is converted to sRGB through its profile and the
// result is tagged sRGB (not with the CMYK profile, which mis-tagged RGB pixels and made a
// 32x32 result nearly a megabyte); a 16-bit source keeps its 16-bit values in PNG and TIFF
// results wherever the steps left a pixel alone, and a result that cannot hold them says so.
// Fixtures are made here with sharp.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { iccColourSpace } from '../core/icc.ts';
import { encodeImage, readImage } from './image-io.ts';
import { cli, tempDir } from './test/run-cli.ts';

const dir = tempDir('colour-depth');
const W = 48;
const H = 40;
let cmykJpeg: Buffer;
/** The 16-bit fixture's values, RGB: a smooth gradient whose low bytes are not zero (not 8-bit values scaled up). */
const deepValues = new Uint16Array(W * H * 3);

beforeAll(async () => {
  const rgb = await sharp({
    create: { width: W, height: H, channels: 3, background: { r: 200, g: 40, b: 60 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } },
  })
    .png()
    .toBuffer();
  cmykJpeg = await sharp(rgb).toColourspace('cmyk').withIccProfile('cmyk').jpeg({ quality: 90 }).toBuffer();
  writeFileSync(join(dir, 'cmyk.jpg'), cmykJpeg);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = 3 * (y * W + x);
      deepValues.set([1000 + x * 1301 + y * 7, 30_000 + y * 811 + x * 3, 65_000 - x * 977 - y * 501], i);
    }
  await sharp(deepValues, { raw: { width: W, height: H, channels: 3 } })
    .toColourspace('rgb16')
    .png()
    .toFile(join(dir, 'deep.png'));
  writeFileSync(
    join(dir, 'fill.json'),
    JSON.stringify({ steps: [{ op: 'inpaint', engine: 'patchmatch', strokes: [{ points: [10, 10, 20, 12], width: 4 }] }] }),
  );
});

const meta = (path: string) => sharp(readFileSync(path)).metadata();

describe('a CMYK JPEG', () => {
  it('is read as its sRGB conversion and tagged sRGB in every output format', async () => {
    const { image, info } = await readImage('cmyk.jpg', cmykJpeg);
    expect((await sharp(cmykJpeg).metadata()).space).toBe('cmyk');
    expect(info.convertedFrom).toBe('CMYK');
    expect(iccColourSpace(info.icc!)).toBe('RGB');
    const converted = await sharp(cmykJpeg).toColourspace('srgb').ensureAlpha().raw().toBuffer();
    expect(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length).equals(converted)).toBe(true);
    for (const format of ['png', 'jpeg', 'webp', 'tiff'] as const) {
      const out = await encodeImage(image, format, info);
      const m = await sharp(out).metadata();
      expect([m.space, m.channels, iccColourSpace(m.icc!)], format).toEqual(['srgb', 3, 'RGB']);
      expect(out.length, format).toBeLessThan(20_000); // no megabyte of CMYK profile
    }
  });

  it('comes out of the command as an sRGB-tagged JPEG with a note', async () => {
    const out = join(dir, 'from-cmyk.jpg');
    const r = cli('apply', join(dir, 'fill.json'), '--input', join(dir, 'cmyk.jpg'), '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("note: the source's CMYK values were converted to sRGB; the result is tagged sRGB\n");
    const m = await meta(out);
    expect([m.space, m.channels, iccColourSpace(m.icc!)]).toEqual(['srgb', 3, 'RGB']);
  });
});

/** A file's values as 16-bit RGB. */
const deepOf = async (path: string) => {
  const raw = await sharp(readFileSync(path)).toColourspace('rgb16').raw({ depth: 'ushort' }).toBuffer();
  return new Uint16Array(raw.buffer, raw.byteOffset, raw.length / 2);
};

describe('a 16-bit PNG', () => {
  it.each(['png', 'tiff'])('keeps its 16-bit values in a %s result away from the filled strokes', async (ext) => {
    const out = join(dir, `deep-out.${ext}`);
    const r = cli('apply', join(dir, 'fill.json'), '--input', join(dir, 'deep.png'), '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect((await meta(out)).depth).toBe('ushort');
    const values = await deepOf(out);
    let kept = 0;
    let filled = 0;
    for (let p = 0; p < W * H; p++) {
      const x = p % W,
        y = Math.floor(p / W);
      const far = x < 4 || x > 26 || y < 4 || y > 18; // the strokes plus PatchMatch's margin
      const same = [0, 1, 2].every((c) => values[3 * p + c] === deepValues[3 * p + c]);
      if (far) expect(same, `pixel ${x},${y}`).toBe(true);
      if (same) kept++;
      else {
        filled++;
        for (let c = 0; c < 3; c++) expect(values[3 * p + c] % 257).toBe(0); // the fill's 8-bit values, scaled
      }
    }
    expect(filled).toBeGreaterThan(0);
    expect(kept).toBeGreaterThan(W * H * 0.8);
  });

  it('says so when the result cannot hold 16 bits: a JPEG, or a size change', () => {
    const jpeg = cli('apply', join(dir, 'fill.json'), '--input', join(dir, 'deep.png'), '--out', join(dir, 'deep.jpg'));
    expect(jpeg.code, jpeg.stderr).toBe(0);
    expect(jpeg.stderr).toBe('note: the source has 16 bits per channel; a JPEG result has 8 (write .png or .tiff to keep 16 bits)\n');
    const up = cli('upscale', '--input', join(dir, 'deep.png'), '--scale', '2', '--out', join(dir, 'deep-x2.png'));
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toMatch(
      /note: the source has 16 bits per channel, but the steps changed the image size, so the result has 8 bits per channel/,
    );
  });
});
