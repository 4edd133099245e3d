import { zipSync } from 'fflate';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { BundleError, readBundle, writeBundle, type Bundle } from './bundle.ts';
import { requireManifest } from './manifest.ts';

const png = (width: number, height: number, gray: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: gray, g: gray, b: gray } } })
    .png()
    .toBuffer()
    .then((b) => new Uint8Array(b));

async function sample(): Promise<Bundle> {
  const manifest = requireManifest({
    job_id: 'bundle-test',
    source: { file: 'photo.png', sha256: 'a'.repeat(64), width: 8, height: 6 },
    steps: [
      { op: 'inpaint', mask: 'masks/mask_000.png' },
      { op: 'upscale', scale: 2 },
    ],
    result: {
      file: 'result.png',
      sha256: 'b'.repeat(64),
      width: 16,
      height: 12,
      runs: [
        { step: 0, op: 'inpaint', ms: 3, engine: 'patchmatch' },
        { step: 1, op: 'upscale', ms: 9 },
      ],
    },
  });
  return {
    manifest,
    result: { name: 'result.png', bytes: await png(16, 12, 200) },
    masks: { 'masks/mask_000.png': await png(8, 6, 255) },
    source: { name: 'photo.png', bytes: await png(8, 6, 10) },
  };
}

describe('export bundle', () => {
  it('round-trips manifest, result, masks and source byte for byte', async () => {
    const bundle = await sample();
    const back = readBundle(writeBundle(bundle));
    expect(back.manifest).toEqual(bundle.manifest);
    expect(back.result).toEqual(bundle.result);
    expect(back.masks).toEqual(bundle.masks);
    expect(back.source).toEqual(bundle.source);
    // The result inside is still a decodable image of the recorded size.
    expect(await sharp(back.result.bytes).metadata()).toMatchObject({ width: 16, height: 12, format: 'png' });
  });

  it('is byte-identical for identical content', async () => {
    const bundle = await sample();
    expect(writeBundle(bundle)).toEqual(writeBundle(await sample()));
  });

  it('refuses files that are not bundles, or bundles missing what the manifest names', async () => {
    const { manifest, result } = await sample();
    const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
    expect(() => readBundle(new TextEncoder().encode('not a zip'))).toThrow(/not a readable \.zip/);
    expect(() => readBundle(zipSync({ 'result.png': result.bytes }))).toThrow(/manifest\.json is missing/);
    expect(() => readBundle(zipSync({ 'manifest.json': enc(manifest), 'result.png': result.bytes }))).toThrow(
      /missing mask "masks\/mask_000\.png"/,
    );
    expect(() => readBundle(zipSync({ 'manifest.json': enc({ steps: [{ op: 'upscale', scale: 64 }] }) }))).toThrow(
      new BundleError('bundle manifest.json: step 0 (upscale): scale must be 2, 3 or 4'),
    );
    expect(() => readBundle(zipSync({ 'manifest.json': enc({ steps: [] }) }))).toThrow(/missing its result image/);
  });

  it('refuses entries that would escape the bundle root, on read and on write', async () => {
    const bundle = await sample();
    const evil = zipSync({ 'manifest.json': new TextEncoder().encode('{}'), '../evil.png': bundle.result.bytes });
    expect(() => readBundle(evil)).toThrow(/bundle entry name must stay inside/);
    expect(() => writeBundle({ ...bundle, masks: { '/etc/m.png': bundle.result.bytes } })).toThrow(/not absolute/);
  });
});
