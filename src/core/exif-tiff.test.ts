// EXIF merged into a TIFF (sharp writes none and reads none there), checked by walking the
// written file's tags directly, as a TIFF reader does.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readExif, withExif } from './exif.ts';

const pixels = { create: { width: 9, height: 5, channels: 3 as const, background: '#2080c0' } };

/** Tag -> [type, count, value bytes] of the IFD at `at`, read with the file's own byte order. */
function tags(file: Uint8Array, at: number): Map<number, { type: number; count: number; value: Uint8Array; view: DataView }> {
  const little = file[0] === 0x49;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out = new Map();
  const size = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1 } as Record<number, number>;
  for (let i = 0; i < view.getUint16(at, little); i++) {
    const e = at + 2 + 12 * i;
    const [tag, type, count] = [view.getUint16(e, little), view.getUint16(e + 2, little), view.getUint32(e + 4, little)];
    const length = count * (size[type] ?? 1);
    const from = length <= 4 ? e + 8 : view.getUint32(e + 8, little);
    out.set(tag, {
      type,
      count,
      value: file.subarray(from, from + length),
      view: new DataView(file.buffer, file.byteOffset + from, length),
    });
  }
  return out;
}

const text = (v: Uint8Array) => String.fromCharCode(...v).replace(/\0+$/, '');

describe('EXIF in TIFF', () => {
  it('merges camera tags and the GPS block into the first IFD; the pixels are unchanged', async () => {
    const jpeg = await sharp(pixels)
      .jpeg()
      .withExif({
        IFD0: { Make: 'Cleanplate Test Camera', Orientation: '6' },
        IFD2: { ExposureTime: '1/250' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 0/1' },
      })
      .toBuffer();
    const exif = readExif(jpeg)!;
    {
      const tiff = await sharp(pixels).tiff({ compression: 'lzw' }).toBuffer();
      const file = withExif(tiff, 'tiff', exif);
      expect(file.length).toBeGreaterThan(tiff.length);
      expect((await sharp(file).raw().toBuffer()).equals(await sharp(tiff).raw().toBuffer())).toBe(true);
      expect(await sharp(file).metadata()).toMatchObject({ width: 9, height: 5, format: 'tiff' });

      const little = file[0] === 0x49;
      const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
      const ifd0 = tags(file, view.getUint32(4, little));
      expect(text(ifd0.get(271)!.value)).toBe('Cleanplate Test Camera'); // Make
      expect(ifd0.get(256)!.view.getUint16(0, little)).toBe(9); // the file's own width stays
      expect(ifd0.has(274) ? ifd0.get(274)!.view.getUint16(0, little) : 1).toBe(1); // upright
      const gps = tags(file, ifd0.get(0x8825)!.view.getUint32(0, little));
      expect(text(gps.get(1)!.value)).toBe('N');
      const lat = gps.get(2)!.view;
      expect([0, 8, 16].map((o) => lat.getUint32(o, little) / lat.getUint32(o + 4, little))).toEqual([48, 51, 0]);
      const exifIfd = tags(file, ifd0.get(0x8769)!.view.getUint32(0, little));
      const exposure = exifIfd.get(0x829a)!.view;
      expect(exposure.getUint32(0, little) / exposure.getUint32(4, little)).toBe(1 / 250);
    }
  });

  it('converts a big-endian block into a little-endian file', async () => {
    // IFD0 at 8: Make (ASCII at 50) and the GPS pointer (to 62); GPS IFD: LatitudeRef "N", Latitude (3 rationals at 92).
    const block = new Uint8Array(116);
    const v = new DataView(block.buffer);
    block.set([0x4d, 0x4d, 0, 42, 0, 0, 0, 8]);
    const entry = (at: number, tag: number, type: number, count: number, value: number, short = false) => {
      v.setUint16(at, tag);
      v.setUint16(at + 2, type);
      v.setUint32(at + 4, count);
      if (short) v.setUint16(at + 8, value);
      else v.setUint32(at + 8, value);
    };
    v.setUint16(8, 2);
    entry(10, 271, 2, 12, 50);
    entry(22, 0x8825, 4, 1, 62);
    block.set(
      [...'Big Endian!\0'].map((c) => c.charCodeAt(0)),
      50,
    );
    v.setUint16(62, 2);
    entry(64, 1, 2, 2, 0x4e000000);
    entry(76, 2, 5, 3, 92);
    [12, 1, 30, 1, 45, 2].forEach((n, i) => v.setUint32(92 + 4 * i, n));
    const tiff = await sharp(pixels).tiff().toBuffer();
    const file = withExif(tiff, 'tiff', block);
    expect(String.fromCharCode(file[0], file[1])).toBe('II');
    const ifd0 = tags(file, new DataView(file.buffer, file.byteOffset).getUint32(4, true));
    expect(text(ifd0.get(271)!.value)).toBe('Big Endian!');
    const gps = tags(file, ifd0.get(0x8825)!.view.getUint32(0, true));
    expect(text(gps.get(1)!.value)).toBe('N');
    const lat = gps.get(2)!.view;
    expect([0, 8, 16].map((o) => lat.getUint32(o, true) / lat.getUint32(o + 4, true))).toEqual([12, 30, 22.5]);
  });

  it('leaves a file alone when the EXIF block cannot be read', async () => {
    const tiff = await sharp(pixels).tiff().toBuffer();
    expect(withExif(tiff, 'tiff', new Uint8Array([0x49, 0x49, 42, 0, 99, 99, 0, 0]))).toBe(tiff);
  });
});
