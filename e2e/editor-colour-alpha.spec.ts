// The source's own pixel values survive the editor: a photo with a non-sRGB ICC profile is
// edited on the values the file holds and exported with the same profile bytes (pixels far
// from the edit equal the source's unconverted values), and a partly transparent photo keeps
// exact RGB under every alpha through a job on the worker and the PNG export. Fixtures are made here with sharp.
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { readBundle } from '../src/ops/bundle.ts';
import { readIcc } from '../src/core/icc.ts';
import { DEV } from './fixtures/editor-page.ts';
import { exportBundle, nodeReplay } from './fixtures/bundle.ts';
import { documentRgba } from './fixtures/document-rgba.ts';
import { requireManifest } from '../src/ops/manifest.ts';
import { expect, test } from './fixtures/test.ts';

const PHOTO = `${DEV}holes/chelsea/image.png`; // 451 x 300
/** The values a file stores (no conversion to sRGB), as straight RGBA. */
const stored = async (bytes: Buffer | Uint8Array) =>
  sharp(bytes).keepIccProfile().ensureAlpha().raw().toBuffer({ resolveWithObject: true });

/** Pixels (of `a` and `b`, straight RGBA, width 451) that differ outside `box` grown by `margin`. */
function differingOutside(a: Uint8Array | number[], b: Uint8Array | number[], width: number, box: number[], margin: number): number {
  let n = 0;
  for (let i = 0; i < a.length / 4; i++) {
    const x = i % width,
      y = Math.floor(i / width);
    if (x >= box[0] - margin && x < box[2] + margin && y >= box[1] - margin && y < box[3] + margin) continue;
    for (let c = 0; c < 4; c++)
      if (a[4 * i + c] !== b[4 * i + c]) {
        n++;
        break;
      }
  }
  return n;
}

test('a Display P3 photo: edited on its own values, the bundle result carries the same ICC bytes', async ({ page, ed }, info) => {
  test.setTimeout(180_000);
  const png = await sharp(PHOTO).withIccProfile('p3').png().toBuffer();
  const jpg = await sharp(PHOTO).withIccProfile('p3').jpeg({ quality: 90 }).toBuffer();
  const icc = (await sharp(png).metadata()).icc!;
  expect(icc.length).toBeGreaterThan(100);
  const source = await stored(png);
  const srgb = await sharp(png).ensureAlpha().raw().toBuffer(); // what a converting decoder would give
  expect(srgb.equals(source.data)).toBe(false); // the fixture's values really differ from sRGB's

  const file = info.outputPath('p3-photo.png');
  writeFileSync(file, png);
  await ed.open(file);
  // The working pixels are the file's own values (a converting decode would differ).
  expect(Buffer.from(await documentRgba(page)).equals(source.data)).toBe(true);
  await ed.setBrushSize(16);
  await ed.drag([await ed.toPage(60, 60), await ed.toPage(100, 70)]);
  await ed.remove(2);
  // The export dialog says what happens: the profile is kept.
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog).toContainText('its ICC profile is written into the result');
  await expect(dialog).not.toContainText('not kept');
  await dialog.getByRole('button', { name: 'Close' }).click();

  const bundle = readBundle(await exportBundle(page, ed));
  expect(bundle.result.name).toBe('p3-photo.cleanplate.png');
  const resultIcc = (await sharp(bundle.result.bytes).metadata()).icc!;
  expect(resultIcc.equals(icc)).toBe(true);
  expect(Buffer.from(readIcc(bundle.result.bytes)!).equals(icc)).toBe(true);
  const result = await stored(bundle.result.bytes);
  expect(differingOutside(result.data, source.data, 451, [60, 60, 100, 70], 8 + 16 + 8)).toBe(0);
  expect(differingOutside(result.data, source.data, 451, [0, 0, 0, 0], 0)).toBeGreaterThan(0); // the edit is there
  // The CLI (its image reader and runner on onnxruntime-node) gives the same pixels for the same manifest.
  const node = await nodeReplay(file, requireManifest(bundle.manifest));
  expect(Buffer.from(node.data.buffer, node.data.byteOffset, node.data.length).equals(result.data)).toBe(true);

  // A JPEG keeps its profile too (APP2), whether or not EXIF is stripped.
  const jfile = info.outputPath('p3-photo.jpg');
  writeFileSync(jfile, jpg);
  await ed.open(jfile);
  const jbundle = readBundle(await exportBundle(page, ed));
  expect(jbundle.result.name).toBe('p3-photo.cleanplate.jpg');
  expect((await sharp(jbundle.result.bytes).metadata()).icc!.equals((await sharp(jpg).metadata()).icc!)).toBe(true);
});

/** The photo with every alpha value, 0 and 255 included, next to each other; written as a PNG. */
async function alphaSteps(file: string): Promise<Buffer> {
  const { data: rgb, info: size } = await sharp(PHOTO).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const rgba = Buffer.alloc(size.width * size.height * 4);
  for (let i = 0; i < size.width * size.height; i++) {
    rgba.set(rgb.subarray(3 * i, 3 * i + 3), 4 * i);
    rgba[4 * i + 3] = (i * 7) % 256;
  }
  await sharp(rgba, { raw: { width: size.width, height: size.height, channels: 4 } })
    .png()
    .toFile(file);
  return rgba;
}

test('partial alpha: RGB stays exact under every alpha value through a job on the worker', async ({ page, ed }, info) => {
  test.setTimeout(180_000);
  const file = info.outputPath('alpha-steps.png');
  const rgba = await alphaSteps(file);
  await ed.open(file);
  expect(Buffer.from(await documentRgba(page)).equals(rgba)).toBe(true);
  await ed.setBrushSize(16);
  await ed.drag([await ed.toPage(300, 200), await ed.toPage(340, 210)]);
  await ed.remove(2);
  await expect(ed.errors()).toHaveCount(0);
  const after = await documentRgba(page);
  expect(differingOutside(after, rgba, 451, [300, 200, 340, 210], 8 + 16 + 8)).toBe(0);
  expect(differingOutside(after, rgba, 451, [0, 0, 0, 0], 0)).toBeGreaterThan(0);
  // The exported PNG is the document, exactly (encoded in the worker: a canvas would premultiply).
  const bundle = readBundle(await exportBundle(page, ed));
  expect((await stored(bundle.result.bytes)).data.equals(Buffer.from(after))).toBe(true);
});

test('after a worker crash, Retry runs on the shown result in the fresh worker, exactly', async ({ page, ed }, info) => {
  test.setTimeout(180_000);
  const file = info.outputPath('alpha-steps.png');
  await alphaSteps(file);
  await ed.open(file);
  await ed.setBrushSize(16);
  await ed.drag([await ed.toPage(300, 200), await ed.toPage(340, 210)]);
  await ed.remove(2);
  const first = await documentRgba(page); // a result: only the worker that made it holds its pixels
  await ed.drag([await ed.toPage(80, 80), await ed.toPage(120, 90)]);
  await page.evaluate(() => window.__cleanplate!.crashWorkerForTest());
  await page.getByRole('button', { name: 'Remove', exact: true }).click();
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect.poll(async () => (await ed.facts()).undo, { timeout: 120_000 }).toBe(4);
  const second = await documentRgba(page);
  expect(differingOutside(second, first, 451, [80, 80, 120, 90], 8 + 16 + 8)).toBe(0);
  expect(differingOutside(second, first, 451, [0, 0, 0, 0], 0)).toBeGreaterThan(0);
});
