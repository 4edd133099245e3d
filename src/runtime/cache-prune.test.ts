import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { markUsed, pruneUnused, UNUSED_FOR_MS } from './cache-prune.ts';

const DAY = 24 * 3600_000;
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A file last used `ageMs` before `now`. */
function file(name: string, ageMs: number, now: number): string {
  const path = join(dir, name);
  writeFileSync(path, 'x');
  utimesSync(path, (now - ageMs) / 1000, (now - ageMs) / 1000);
  return path;
}

describe('pruneUnused', () => {
  it('removes what was not used for 30 days and abandoned temporary files, keeps the rest', () => {
    dir = mkdtempSync(join(tmpdir(), 'cleanplate-prune-'));
    const now = Date.now();
    file('old-build.bin', UNUSED_FOR_MS + DAY, now);
    file('recent.bin', UNUSED_FOR_MS - DAY, now);
    file('model.onnx', 40 * DAY, now);
    const reused = file('model.onnx.sha256', 40 * DAY, now);
    file('dead-write.bin.123-ab.tmp', 2 * 3600_000, now);
    file('live-write.bin.124-cd.tmp', 1000, now);
    markUsed(reused, now);
    expect(pruneUnused(dir, now).sort()).toEqual(['dead-write.bin.123-ab.tmp', 'model.onnx', 'old-build.bin']);
    expect(readdirSync(dir).sort()).toEqual(['live-write.bin.124-cd.tmp', 'model.onnx.sha256', 'recent.bin']);
  });

  it('answers nothing for a folder that is not there', () => {
    dir = join(tmpdir(), 'cleanplate-prune-none');
    expect(pruneUnused(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });
});
