import { unzipSync, zipSync } from 'fflate';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { BundleError, readBundle, writeBundle, type Bundle } from './bundle.ts';
import { requireManifest } from './manifest.ts';
import { bundleBomb } from '../test-fixtures/bundle-bomb.ts';

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

describe('bundle import caps', () => {
  it('refuses a 2.7 MB bundle of three 900 MB zero entries before inflating any of them', () => {
    const bomb = bundleBomb();
    expect(bomb.length).toBeLessThan(3e6);
    expect(() => readBundle(bomb)).toThrow(
      /^bundle is too large: its entries would inflate to 2700 MB \(result\.png 900 MB, source\.png 900 MB, masks\/step-0\.png 900 MB\), more than the 1000 MB a bundle may hold$/,
    );
  });

  it('inflates only the entries the manifest names: a damaged extra entry is never read', async () => {
    const bundle = await sample();
    const good = writeBundle(bundle);
    // An extra entry whose compressed data is garbage: inflating it would fail.
    const extra = zipSync({ 'notes.txt': [new TextEncoder().encode('x'.repeat(5000)), { level: 9 }] });
    expect(() => readBundle(withDamagedEntry(good, extra))).not.toThrow();
    expect(readBundle(withDamagedEntry(good, extra)).masks).toEqual(readBundle(good).masks);
  });
});

/** `bundle` with the first entry of `extra` added beside its entries, that entry's deflated bytes overwritten with 0xff. */
function withDamagedEntry(bundle: Uint8Array, extra: Uint8Array): Uint8Array {
  const stored = (v: Uint8Array) => [v, { level: 0 }] as [Uint8Array, { level: 0 }];
  const entries = Object.entries(unzipSync(bundle)).map(([k, v]) => [k, stored(v)]);
  const both = zipSync({ ...Object.fromEntries(entries), 'notes.txt': [unzipSync(extra)['notes.txt'], { level: 9 }] });
  // Find the local header of notes.txt (PK\x03\x04, name at +30) and fill its data.
  const name = new TextEncoder().encode('notes.txt');
  for (let i = 0; i + 30 + name.length < both.length; i++) {
    if (both[i] !== 0x50 || both[i + 1] !== 0x4b || both[i + 2] !== 3 || both[i + 3] !== 4) continue;
    const nameLen = both[i + 26] | (both[i + 27] << 8);
    const extraLen = both[i + 28] | (both[i + 29] << 8);
    if (nameLen !== name.length || !name.every((b, k) => both[i + 30 + k] === b)) continue;
    const data = i + 30 + nameLen + extraLen;
    const size = both[i + 18] | (both[i + 19] << 8) | (both[i + 20] << 16) | (both[i + 21] << 24);
    both.fill(0xff, data, data + size);
    return both;
  }
  throw new Error('notes.txt not found');
}
