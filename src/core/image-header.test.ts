// Header parsing on the real dev files (including the bad ones) and on WebP/GIF/AVIF/JPEG
// encodings of them written by sharp at test time.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { orientedSize, readImageHeader, type ImageHeader } from './image-header.ts';

const DEV = resolve(import.meta.dirname, '../../../shared/datasets/dev');
const file = (p: string) => new Uint8Array(readFileSync(resolve(DEV, p)));

function header(bytes: Uint8Array): ImageHeader {
  const r = readImageHeader(bytes);
  if (!r.ok) throw new Error(r.message);
  return r.header;
}

describe('readImageHeader on the dev files', () => {
  it('reads the 24 MP JPEG without decoding it', () => {
    expect(header(file('large/motorcycle-24mp.jpg'))).toMatchObject({
      format: 'jpeg',
      mime: 'image/jpeg',
      width: 6000,
      height: 4000,
      orientation: 1,
      bitDepth: 8,
    });
  });

  it('reads the EXIF orientation 6 and swaps the display size', async () => {
    const bytes = file('bad/exif-orientation-6.jpg');
    const h = header(bytes);
    const meta = await sharp(bytes).metadata();
    expect(h).toMatchObject({ format: 'jpeg', orientation: 6, width: meta.width, height: meta.height });
    expect(orientedSize(h)).toEqual({ width: meta.height, height: meta.width });
  });

  it('reads a 16-bit grey PNG and the alpha PNG', async () => {
    expect(header(file('bad/gray16.png'))).toMatchObject({ format: 'png', width: 256, height: 256, bitDepth: 16, hasAlpha: false });
    const alpha = file('bad/alpha.png');
    const meta = await sharp(alpha).metadata();
    expect(header(alpha)).toMatchObject({ format: 'png', width: meta.width, height: meta.height, hasAlpha: true });
  });

  it('reads the bomb header (40000 x 40000) so the editor can refuse it before decoding', () => {
    expect(header(file('bad/bomb-40000x40000.png'))).toMatchObject({ format: 'png', width: 40000, height: 40000 });
  });

  it.each([
    ['bad/empty.png', 'empty', /empty/],
    ['bad/not-an-image.jpg', 'not-an-image', /not an image/],
    ['bad/truncated.jpg', 'truncated', /truncated/],
  ])('refuses %s as %s with a clear message', (path, problem, message) => {
    const r = readImageHeader(file(path));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem).toBe(problem);
      expect(r.message).toMatch(message);
    }
  });

  it('refuses every other file in dev/bad (the malformed manifests) as not an image', () => {
    const images = new Set(['alpha.png', 'bomb-40000x40000.png', 'empty.png', 'exif-orientation-6.jpg', 'gray16.png', 'truncated.jpg']);
    const others = readdirSync(resolve(DEV, 'bad')).filter((f) => !images.has(f));
    expect(others.length).toBeGreaterThanOrEqual(6);
    for (const f of others) expect(readImageHeader(file(`bad/${f}`)), f).toMatchObject({ ok: false, problem: 'not-an-image' });
  });

  it('detects a PNG cut short and a JPEG cut inside its pixel data', () => {
    const png = file('holes/chelsea/image.png');
    expect(readImageHeader(png).ok).toBe(true);
    expect(readImageHeader(png.subarray(0, png.length >> 1))).toMatchObject({ ok: false, problem: 'truncated' });
    const jpg = file('large/motorcycle-24mp.jpg');
    expect(readImageHeader(jpg.subarray(0, jpg.length - 5000))).toMatchObject({ ok: false, problem: 'truncated' });
  });
});

describe('readImageHeader on other encodings', () => {
  const src = () => sharp(file('holes/chelsea/image.png'));

  it.each([
    ['lossy WebP', () => src().webp({ quality: 80 }), 'webp', false],
    ['lossless WebP', () => src().webp({ lossless: true }), 'webp', false],
    ['WebP with alpha', () => src().ensureAlpha(0.5).webp(), 'webp', true],
    ['GIF', () => src().gif(), 'gif', true],
    ['AVIF', () => src().avif({ quality: 50 }), 'avif', false],
  ] as const)('%s', async (_name, encode, format, alpha) => {
    const meta = await src().metadata();
    const bytes = new Uint8Array(await encode().toBuffer());
    const h = header(bytes);
    expect(h).toMatchObject({ format, width: meta.width, height: meta.height });
    if (format === 'webp') expect(h.hasAlpha).toBe(alpha);
  });

  it('a truncated WebP is refused', async () => {
    const bytes = new Uint8Array(await src().webp().toBuffer());
    expect(readImageHeader(bytes.subarray(0, 100))).toMatchObject({ ok: false, problem: 'truncated' });
  });
});
