// The command keeps onnxruntime's optimised models in $CLEANPLATE_CACHE_DIR/onnx
// (runtime/optimized-model.ts): a first start writes them, later starts load them, and a
// folder that cannot be written is no error. So is the compiled code of the CLI bundle in
// $CLEANPLATE_CACHE_DIR/v8 (bin/code-cache.js) when the bundle is built (src/cli/launcher.test.ts
// tries its corner cases). The result must be the same file every time. Copies nobody used for a
// month are removed (runtime/cache-prune.ts).
import { readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli, crop, DEV, tempDir } from './test/run-cli.ts';

const dir = tempDir('model-cache');
const input = join(dir, 'texted.png');
const before = process.env.CLEANPLATE_CACHE_DIR;

beforeAll(async () => {
  await crop(join(DEV, 'text/chelsea/texted.png'), input, { left: 64, top: 0, width: 320, height: 128 });
});
afterEach(() => {
  if (before === undefined) delete process.env.CLEANPLATE_CACHE_DIR;
  else process.env.CLEANPLATE_CACHE_DIR = before;
});

/** remove-text with the given cache folder: the result file's sha256. */
function removeText(cacheDir: string, out: string): string {
  process.env.CLEANPLATE_CACHE_DIR = cacheDir;
  const r = cli('remove-text', '--input', input, '--out', join(dir, out));
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return createHash('sha256')
    .update(readFileSync(join(dir, out)))
    .digest('hex');
}

describe('optimised model cache', () => {
  it('gives the same result on a first start, from the cache, and without a writable cache', () => {
    const cache = tempDir('cache');
    const first = removeText(cache, 'first.png');
    // Both text detectors, each with its sha256 beside it.
    expect(readdirSync(join(cache, 'onnx')).filter((f) => f.endsWith('.onnx'))).toHaveLength(2);
    expect(readdirSync(join(cache, 'onnx')).filter((f) => f.endsWith('.sha256'))).toHaveLength(2);
    expect(removeText(cache, 'cached.png')).toBe(first);
    const blocked = join(tempDir('blocked'), 'a-file');
    writeFileSync(blocked, 'not a folder');
    expect(removeText(blocked, 'uncached.png')).toBe(first);
  });

  it('removes copies unused for a month when it writes a new one, and keeps those it used', () => {
    const cache = tempDir('cache-prune');
    const first = removeText(cache, 'pruned-first.png');
    const onnx = join(cache, 'onnx');
    // Everything last used 40 days ago, and a copy an older onnxruntime made.
    writeFileSync(join(onnx, '00000000000000000000000000000000.onnx'), 'an older copy');
    const monthAgo = (Date.now() - 40 * 24 * 3600_000) / 1000;
    for (const f of readdirSync(onnx)) utimesSync(join(onnx, f), monthAgo, monthAgo);
    // One detector's copy is gone, so this run writes it again; the other is read from the cache.
    const [kept, rewritten] = readdirSync(onnx).filter((f) => f.endsWith('.onnx') && !f.startsWith('0000'));
    rmSync(join(onnx, rewritten));
    expect(removeText(cache, 'pruned-again.png')).toBe(first);
    expect(readdirSync(onnx).sort()).toEqual([kept, `${kept}.sha256`, rewritten, `${rewritten}.sha256`].sort());
    expect(statSync(join(onnx, kept)).mtimeMs).toBeGreaterThan(monthAgo * 1000 + 1000);
  });
});
