// An image judged as it streams gives readImageHeader's verdict on the whole file, holding only
// its first bytes: real encoder output in every format, cut anywhere, sent in uneven chunks.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readImageHeader } from '../../core/image-header.ts';
import { StreamedImage } from './streamed-image.ts';

const BAD = resolve(import.meta.dirname, '../../../../shared/datasets/dev/bad');

/** Noise, so that the files run well past the small heads the tests hold. */
function noise(width: number, height: number, channels: 3 | 4): Buffer {
  const data = Buffer.alloc(width * height * channels);
  let x = 12345;
  for (let i = 0; i < data.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    data[i] = x >>> 24;
  }
  return data;
}

/** A 24-bit BMP (sharp writes none): 54-byte header, bottom-up rows padded to 4 bytes. */
function bmp(width: number, height: number): Buffer {
  const row = Math.ceil((width * 3) / 4) * 4;
  const file = Buffer.alloc(54 + row * height, 0x5a);
  file.write('BM', 0, 'latin1');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(54, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(24, 28);
  return file;
}

const raw = { raw: { width: 200, height: 150, channels: 3 as const } };
const files: Record<string, Buffer> = {
  'png.png': await sharp(noise(200, 150, 3), raw)
    .png({ compressionLevel: 1 })
    .toBuffer(),
  'png-trns.png': await sharp(noise(120, 90, 4), { raw: { width: 120, height: 90, channels: 4 } })
    .png({ palette: true })
    .toBuffer(),
  'jpeg.jpg': await sharp(noise(200, 150, 3), raw)
    .jpeg({ quality: 90 })
    .withExifMerge({ IFD0: { Orientation: '6' } })
    .toBuffer(),
  'webp.webp': await sharp(noise(200, 150, 3), raw)
    .webp({ quality: 90 })
    .toBuffer(),
  'webp-lossless.webp': await sharp(noise(200, 150, 3), raw)
    .webp({ lossless: true })
    .toBuffer(),
  'gif.gif': await sharp(noise(200, 150, 3), raw)
    .gif()
    .toBuffer(),
  'bmp.bmp': bmp(201, 150),
  'avif.avif': await sharp(noise(200, 150, 3), raw)
    .avif({ quality: 60 })
    .toBuffer(),
};
/** The dev set's own files, some too short to run past any head. */
const dev: Record<string, Buffer> = {
  'exif-orientation-6.jpg': readFileSync(join(BAD, 'exif-orientation-6.jpg')),
  'truncated.jpg': readFileSync(join(BAD, 'truncated.jpg')),
  'not-an-image.jpg': readFileSync(join(BAD, 'not-an-image.jpg')),
  'alpha.png': readFileSync(join(BAD, 'alpha.png')),
};

/** Pushes `bytes` in chunks of uneven sizes (seeded), as a socket delivers them. */
function streamed(bytes: Buffer, headBytes: number, seed: number) {
  const image = new StreamedImage(headBytes);
  let x = seed;
  for (let at = 0; at < bytes.length;) {
    x = (x * 1103515245 + 12345) >>> 0;
    const size = 1 + (x % (seed % 2 ? 7 : 9000)); // tiny chunks on odd seeds: markers and headers straddle them
    image.push(bytes.subarray(at, at + size));
    at += size;
  }
  return image.verdict();
}

/** What readImageHeader says, without the wording of a truncation (which names the chunk the file ends in). */
const gist = (r: ReturnType<typeof readImageHeader>) => (r.ok ? r : { ok: false, problem: r.problem });

describe('StreamedImage', () => {
  it.each(Object.keys({ ...files, ...dev }))('judges %s, whole and cut short, as readImageHeader does on the whole file', (name) => {
    const file = files[name] ?? dev[name];
    if (files[name]) expect(file.length).toBeGreaterThan(5000);
    const cuts = [file.length, file.length - 1, file.length - 2, file.length - 13, Math.floor(file.length * 0.6), 5000, 100, 7];
    for (const length of cuts) {
      const bytes = file.subarray(0, length);
      const whole = gist(readImageHeader(bytes));
      for (const [headBytes, seed] of [
        [4096, 1],
        [4096, 2],
        [2048, 4],
        [1 << 20, 3],
      ])
        expect(gist(streamed(bytes, headBytes, seed)), `${name} cut to ${length} bytes, head ${headBytes}`).toEqual(whole);
    }
  });

  it('finds a JPEG end-of-image marker split across two chunks, past the head', () => {
    const file = files['jpeg.jpg'];
    const image = new StreamedImage(4096);
    const split = file.length - 1; // between 0xff and 0xd9
    image.push(file.subarray(0, split));
    image.push(file.subarray(split));
    expect(image.verdict()).toEqual(readImageHeader(file));
  });

  it('says so when a JPEG keeps its headers past the bytes held', () => {
    const verdict = new StreamedImage(64);
    verdict.push(files['jpeg.jpg']);
    expect(verdict.verdict()).toEqual({
      ok: false,
      problem: 'corrupt',
      message:
        "The image's headers run past its first 64 bytes, further than the server reads them: strip its metadata, or send it as PNG.",
    });
  });
});
