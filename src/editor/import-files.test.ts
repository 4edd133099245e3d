// Sorting and checking what the user imports, before anything replays.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBundle } from '../ops/bundle.ts';
import { requireManifest } from '../ops/manifest.ts';
import { ImportError, isImportFile, readImportFiles, sourceProblems } from './import-files.ts';

const BAD = resolve(import.meta.dirname, '../../../shared/datasets/dev/bad');
const file = (name: string, bytes: string | Uint8Array) => new File([bytes as BlobPart], name);
const png = file('photo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]));

async function problems(files: File[]): Promise<string[]> {
  try {
    await readImportFiles(files);
  } catch (e) {
    if (e instanceof ImportError) return e.problems;
    throw e;
  }
  throw new Error('expected the import to be refused');
}

describe('import files', () => {
  it('tells bundles and manifests from images', () => {
    expect([file('a.zip', ''), file('b.JSON', ''), png].map(isImportFile)).toEqual([true, true, false]);
  });

  it('reads a bundle: its manifest, source and masks', async () => {
    const manifest = requireManifest({
      steps: [{ op: 'inpaint', mask: 'masks/m.png' }],
      source: { file: 'photo.png' },
      result: { file: 'out.png', sha256: 'a'.repeat(64), width: 1, height: 1, runs: [] },
    });
    const zip = writeBundle({
      manifest,
      result: { name: 'out.png', bytes: new Uint8Array([1]) },
      masks: { 'masks/m.png': new Uint8Array([2]) },
      source: { name: 'photo.png', bytes: new Uint8Array([3]) },
    });
    const input = await readImportFiles([file('job.zip', zip)]);
    expect(input.manifest.steps).toEqual([{ op: 'inpaint', mask: 'masks/m.png' }]);
    expect(input.source.name).toBe('photo.png');
    expect(new Uint8Array(await input.source.arrayBuffer())).toEqual(new Uint8Array([3]));
    expect(input.masks['masks/m.png']).toEqual(new Uint8Array([2]));
  });

  it('refuses a corrupt zip, a bundle without its source, and a manifest without its image', async () => {
    expect((await problems([file('x.zip', 'PK\x03\x04 not really')]))[0]).toMatch(/not a readable \.zip/);
    const manifest = requireManifest({ steps: [], result: { file: 'out.png', sha256: 'a'.repeat(64), width: 1, height: 1, runs: [] } });
    const noSource = writeBundle({ manifest, result: { name: 'out.png', bytes: new Uint8Array([1]) }, masks: {} });
    expect((await problems([file('x.zip', noSource)]))[0]).toMatch(/holds no source image/);
    expect((await problems([file('m.json', '{"steps": [], "source": {"file": "shop.jpg"}}')]))[0]).toMatch(
      /replays on its source image \(shop\.jpg\)/,
    );
    expect((await problems([file('m.json', '{"steps": []}'), file('n.json', '{"steps": []}'), png]))[0]).toMatch(
      /one bundle \(\.zip\), or one manifest/,
    );
  });

  it('refuses every malformed manifest of the dev set, naming the step and field', async () => {
    const bad = (name: string) => problems([file(name, readFileSync(resolve(BAD, name))), png]);
    expect(await bad('manifest-bad-scale.json')).toEqual(['step 0 (upscale): scale must be 2, 3 or 4']);
    expect(await bad('manifest-unknown-op.json')).toEqual([
      'step 0: unknown op "explode" (known ops: detect_text, remove_text, inpaint, upscale)',
    ]);
    expect((await bad('manifest-traversal.json'))[0]).toMatch(/^step 0 \(inpaint\): mask must stay inside the manifest's folder/);
    expect(await bad('manifest-bad-region.json')).toContain('step 0 (remove_text): region must have x1 > x0 ([x0, y0, x1, y1])');
    expect((await bad('manifest-not-json.json'))[0]).toMatch(/^manifest is not valid JSON/);
  });

  it('reads a manifest with its source and the mask PNGs it names, matched by file name', async () => {
    const json = file(
      'job.json',
      JSON.stringify({
        source: { file: 'shop.png' },
        steps: [
          { op: 'inpaint', mask: './masks/a.png' },
          { op: 'inpaint', mask: 'masks/b.png' },
        ],
      }),
    );
    const [a, b] = [file('a.png', new Uint8Array([1])), file('b.png', new Uint8Array([2]))];
    const shop = file('shop.png', new Uint8Array([3]));
    for (const order of [
      [json, a, shop, b],
      [b, shop, a, json],
    ]) {
      const input = await readImportFiles(order);
      expect(input.source).toBe(shop);
      expect(input.masks).toEqual({ './masks/a.png': new Uint8Array([1]), 'masks/b.png': new Uint8Array([2]) });
    }
    // With an unnamed source, the one picked file that is not a mask is the source.
    const bare = file('m.json', '{"steps": [{"op": "inpaint", "mask": "a.png"}]}');
    expect((await readImportFiles([bare, a, png])).source).toBe(png);
  });

  it('tells masks with the same file name apart by their path relative to the manifest, when the browser gives it', async () => {
    const inFolder = (name: string, path: string, bytes: Uint8Array | string) =>
      Object.defineProperty(file(name, bytes), 'webkitRelativePath', { value: path });
    const json = inFolder(
      'job.json',
      'job/job.json',
      '{"steps": [{"op": "inpaint", "mask": "left/m.png"}, {"op": "inpaint", "mask": "right/m.png"}]}',
    );
    const left = inFolder('m.png', 'job/left/m.png', new Uint8Array([1]));
    const right = inFolder('m.png', 'job/right/m.png', new Uint8Array([2]));
    const source = inFolder('photo.png', 'job/photo.png', new Uint8Array([3]));
    expect((await readImportFiles([right, json, source, left])).masks).toEqual({
      'left/m.png': new Uint8Array([1]),
      'right/m.png': new Uint8Array([2]),
    });
    // By name alone they cannot be told apart: refused, naming the step and the file.
    const plain = file('job.json', '{"steps": [{"op": "inpaint", "mask": "left/m.png"}, {"op": "inpaint", "mask": "right/m.png"}]}');
    expect((await problems([plain, file('m.png', '1'), png]))[0]).toMatch(
      /^step 0 \(inpaint\): mask "left\/m\.png" cannot be told apart from other chosen files named “m\.png”/,
    );
  });

  it('names a mask that was not chosen, and says to choose it with the manifest', async () => {
    const json = file('job.json', '{"steps": [{"op": "inpaint", "mask": "masks/m.png"}]}');
    expect(await problems([json, png])).toEqual([
      'step 0 (inpaint): mask "masks/m.png" is not among the chosen files: choose it together with the manifest and its source image (or import a bundle (.zip) that holds it).',
    ]);
    expect((await problems([json, file('m.png', '1')]))[0]).toMatch(/replays on its source image/);
    expect((await problems([file('j.json', '{"steps": [], "source": {"file": "x.png"}}'), png, file('y.png', '1')]))[0]).toMatch(
      /Which of “photo\.png”, “y\.png” is the source image \(x\.png\)\?/,
    );
  });

  it('checks the source: the same file by sha256, regions inside it', () => {
    const m = requireManifest({ source: { file: 'a.jpg', sha256: 'a'.repeat(64) }, steps: [] });
    expect(sourceProblems(m, { name: 'b.jpg', sha256: 'b'.repeat(64), width: 10, height: 10 })[0]).toMatch(
      /“b\.jpg” is not the image this manifest was made for.*“a\.jpg”/,
    );
    const r = requireManifest({ steps: [{ op: 'detect_text', region: [0, 0, 20, 5] }] });
    expect(sourceProblems(r, { name: 'b.jpg', sha256: 'b'.repeat(64), width: 10, height: 10 })).toEqual([
      'step 0 (detect_text): region [0, 0, 20, 5] must lie inside the 10x10 image',
    ]);
  });
});
