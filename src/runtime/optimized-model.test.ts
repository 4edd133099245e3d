import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { modelById } from '../ops/models.ts';
import { pruneUnused } from './cache-prune.ts';
import { openOptimized } from './optimized-model.ts';

const entry = modelById('ppocr-v3-det-ch');
const model = { bytes: readFileSync(resolve(import.meta.dirname, '../../models', entry.file)), sha256: entry.sha256! };
const OPTIONS: ort.InferenceSession.SessionOptions = { executionProviders: ['cpu'], intraOpNumThreads: 1 };
const dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cp-optimized-'));
  dirs.push(d);
  return join(d, 'onnx');
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The detector's probability map for a 64x160 input: a row of dark strokes (text to it) on a light ground. */
async function output(session: ort.InferenceSession): Promise<Buffer> {
  const [h, w] = [64, 160];
  const data = Float32Array.from({ length: 3 * h * w }, (_, i) => {
    const x = i % w,
      y = Math.floor(i / w) % h;
    return y >= 24 && y < 40 && x >= 16 && x < 144 && x % 6 < 2 ? -2 : 1.8;
  });
  const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', data, [1, 3, h, w]) });
  const t = out[session.outputNames[0]].data as Float32Array;
  return Buffer.from(t.buffer, t.byteOffset, t.byteLength);
}

describe('optimised model copies', () => {
  it('optimises once, then opens the copy, with bit-identical outputs', async () => {
    const dir = freshDir();
    const plain = await output(await ort.InferenceSession.create(model.bytes, OPTIONS));
    expect(new Set(new Float32Array(plain.buffer, plain.byteOffset, plain.length / 4)).size).toBeGreaterThan(100);
    const first = await openOptimized(model, OPTIONS, dir);
    expect(first.source).toBe('optimized now');
    expect(readdirSync(dir).sort()).toEqual([expect.stringMatching(/^[0-9a-f]{32}\.onnx$/), expect.stringMatching(/\.onnx\.sha256$/)]);
    const second = await openOptimized(model, OPTIONS, dir);
    expect(second.source).toBe('optimized copy');
    expect((await output(first.session)).equals(plain)).toBe(true);
    expect((await output(second.session)).equals(plain)).toBe(true);
  });

  it('never loads a damaged or unvouched copy: it is made again', async () => {
    const dir = freshDir();
    await openOptimized(model, OPTIONS, dir);
    const copy = join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.onnx'))!,
    );
    const plain = await output(await ort.InferenceSession.create(model.bytes, OPTIONS));

    // One byte changed in the weights still parses as a model: only the sha256 catches it.
    const bytes = readFileSync(copy);
    bytes[Math.floor(bytes.length * 0.7)] ^= 0x40;
    writeFileSync(copy, bytes);
    const damaged = await openOptimized(model, OPTIONS, dir);
    expect(damaged.source).toBe('optimized now');
    expect((await output(damaged.session)).equals(plain)).toBe(true);
    expect((await openOptimized(model, OPTIONS, dir)).source).toBe('optimized copy');

    // Cut short, or with its sum gone (a write that stopped half way).
    writeFileSync(copy, readFileSync(copy).subarray(0, 1000));
    expect((await openOptimized(model, OPTIONS, dir)).source).toBe('optimized now');
    rmSync(`${copy}.sha256`);
    expect((await openOptimized(model, OPTIONS, dir)).source).toBe('optimized now');
    expect((await openOptimized(model, OPTIONS, dir)).source).toBe('optimized copy');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('keeps a month-old copy that is being opened when another open prunes meanwhile', async () => {
    const dir = freshDir();
    await openOptimized(model, OPTIONS, dir);
    const monthAgo = (Date.now() - 40 * 24 * 3600_000) / 1000;
    for (const f of readdirSync(dir)) utimesSync(join(dir, f), monthAgo, monthAgo);
    // The other text detector writes its copy and prunes while this one is still being read.
    const opening = openOptimized(model, OPTIONS, dir);
    expect(pruneUnused(dir)).toEqual([]);
    expect((await opening).source).toBe('optimized copy');
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('opens the model itself when the cache folder cannot be made', async () => {
    const dir = freshDir();
    writeFileSync(dir, 'a file where the folder would go');
    const opened = await openOptimized(model, OPTIONS, join(dir, 'onnx'));
    expect(opened.source).toBe('model');
    expect((await output(opened.session)).equals(await output(await ort.InferenceSession.create(model.bytes, OPTIONS)))).toBe(true);
    expect(existsSync(join(dir, 'onnx'))).toBe(false);
  });
});
