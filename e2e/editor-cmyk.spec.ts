// A CMYK JPEG in the editor: its values are converted to sRGB through its own profile when it
// opens (the worker then works on those sRGB values, as the command line does), and the exported
// result is not tagged with the CMYK profile: an RGB file carrying a CMYK profile is mis-tagged
// (and, here, nearly a megabyte heavier). The fixture is made here with sharp.
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { readBundle } from '../src/ops/bundle.ts';
import { iccColourSpace, readIcc } from '../src/core/icc.ts';
import { exportBundle } from './fixtures/bundle.ts';
import { documentRgba } from './fixtures/document-rgba.ts';
import { expect, test } from './fixtures/test.ts';

test('a CMYK JPEG opens as its sRGB conversion and exports without the CMYK profile', async ({ page, ed }, info) => {
  test.setTimeout(120_000);
  // Saturated colour sweeps, where a CMYK profile's conversion matters most.
  const sweep = Buffer.alloc(64 * 48 * 3);
  for (let i = 0; i < 64 * 48; i++) sweep.set([(i % 64) * 4, Math.floor(i / 64) * 5, 255 - (i % 64) * 4], 3 * i);
  const rgb = await sharp(sweep, { raw: { width: 64, height: 48, channels: 3 } })
    .png()
    .toBuffer();
  const cmyk = await sharp(rgb).toColourspace('cmyk').withIccProfile('cmyk').jpeg({ quality: 92 }).toBuffer();
  expect(iccColourSpace(readIcc(cmyk)!)).toBe('CMYK');
  const file = info.outputPath('cmyk.jpg');
  writeFileSync(file, cmyk);
  await ed.open(file);

  // sharp (lcms) converts through the same profile; Chromium's colour engine differs from it by a few levels.
  const converted = await sharp(cmyk).toColourspace('srgb').ensureAlpha().raw().toBuffer();
  const meanDiff = (a: number[], b: Buffer) => a.reduce((n, v, i) => n + Math.abs(v - b[i]), 0) / a.length;
  const shown = await documentRgba(page);
  expect(shown.length).toBe(converted.length);
  // What the editor showed before: the browser's decode without conversion (the CMYK values taken as RGB).
  const unconverted = await page.evaluate(async (bytes) => {
    const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), {
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
    });
    const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    return Array.from(ctx.getImageData(0, 0, bitmap.width, bitmap.height).data);
  }, Array.from(cmyk));
  const before = meanDiff(unconverted, converted);
  const now = meanDiff(shown, converted);
  expect(now).toBeLessThan(10);
  expect(before).toBeGreaterThan(2 * now);
  console.log(`mean difference from the profile conversion: ${now.toFixed(1)} levels (unconverted: ${before.toFixed(1)})`);

  const bundle = readBundle(await exportBundle(page, ed));
  expect(bundle.result.name).toBe('cmyk.cleanplate.jpg');
  const icc = readIcc(bundle.result.bytes);
  // Untagged (sRGB by convention) or tagged with an RGB profile: never the CMYK one.
  if (icc) expect(iccColourSpace(icc)).toBe('RGB');
  expect(bundle.result.bytes.length).toBeLessThan(50_000);
  const result = await sharp(bundle.result.bytes).metadata();
  expect([result.space, result.channels]).toEqual(['srgb', 3]);
  // The bundle keeps the source file itself, CMYK profile and all.
  expect(Buffer.from(bundle.source!.bytes).equals(cmyk)).toBe(true);
});
