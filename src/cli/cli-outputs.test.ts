// Outputs are whole or absent: a missing or unwritable output folder is refused before any
// work, temporary files are exclusive, never followed through symlinks and removed on failure,
// `apply --timeout` ends the replay and leaves nothing behind, and manifests that would cost
// too much or drive the terminal are refused with one line.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_STROKE_POINTS } from '../core/manifest/index.ts';
import { writeFileAtomic, writeSetAtomic } from './output-files.ts';
import { cli, tempDir } from './test/run-cli.ts';

const root = tempDir('outputs');
const photo = join(root, 'photo.png');
const manifest = (name: string, body: unknown) => {
  const path = join(root, name);
  writeFileSync(path, JSON.stringify(body));
  return path;
};

beforeAll(async () => {
  await sharp({ create: { width: 384, height: 384, channels: 3, background: '#777', noise: { type: 'gaussian', mean: 120, sigma: 30 } } })
    .png()
    .toFile(photo);
});

describe('output folder checked before any work', () => {
  it.each([
    [
      'missing',
      (d: string) => join(d, 'no-such-folder', 'r.png'),
      /the folder .*no-such-folder does not exist; create it or choose another/,
    ],
    ['a file', (d: string) => join(d, 'plain-file', 'r.png'), /the folder .*plain-file is not a folder; create it or choose another/],
  ])('apply refuses an --out whose folder is %s with exit 2', (_, outOf, message) => {
    const dir = tempDir('outdir');
    writeFileSync(join(dir, 'plain-file'), 'x');
    const m = manifest('up.json', { steps: [{ op: 'upscale', scale: 2 }] });
    const r = cli('apply', m, '--input', photo, '--out', outOf(dir));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});

describe('temporary files', () => {
  it('replaces a symlink at the target instead of writing through it', async () => {
    const dir = tempDir('symlink');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    symlinkSync(victim, join(dir, 'out.png'));
    await writeFileAtomic(join(dir, 'out.png'), 'new bytes');
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(readFileSync(join(dir, 'out.png'), 'utf8')).toBe('new bytes');
  });

  it('does not write through a symlink planted at the old predictable temporary name', async () => {
    const dir = tempDir('planted');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const target = join(dir, 'r.png');
    symlinkSync(victim, `${target}.${process.pid}.tmp`);
    await writeFileAtomic(target, 'result');
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(readFileSync(target, 'utf8')).toBe('result');
    expect(readdirSync(dir).sort()).toEqual(['r.png', `r.png.${process.pid}.tmp`, 'victim.txt']);
  });

  it('writes nothing of a set, and leaves no temporary file, when one file of it cannot be written', async () => {
    const dir = tempDir('set');
    mkdirSync(join(dir, 'result'));
    const failing = writeSetAtomic([
      { path: join(dir, 'result', 'r.png'), bytes: 'result' },
      { path: join(dir, 'missing', 'r.png.manifest.json'), bytes: '{}' },
    ]);
    await expect(failing).rejects.toThrow(/ENOENT/);
    expect(readdirSync(join(dir, 'result'))).toEqual([]);
  });
});

describe('apply --timeout', () => {
  it('ends a replay that runs past the limit: exit 1, a message, no result and no temporary file', () => {
    const dir = tempDir('timeout');
    const m = manifest('slow.json', { steps: [{ op: 'upscale', scale: 4 }] });
    const r = cli('apply', m, '--input', photo, '--out', join(dir, 'r.png'), '--timeout', '1');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('cleanplate apply: timed out after 1 s (--timeout); no result was written');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('passes a replay that finishes in time through, with its output', () => {
    const dir = tempDir('intime');
    const m = manifest('quick.json', {
      steps: [{ op: 'inpaint', engine: 'patchmatch', strokes: [{ points: [20, 20, 40, 40], width: 6 }] }],
    });
    const r = cli('apply', m, '--input', photo, '--out', join(dir, 'r.png'), '--timeout', '600');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/r\.png: 384x384, 1 step\(s\), sha256 [0-9a-f]{64}/);
    expect(readdirSync(dir).sort()).toEqual(['r.png', 'r.png.manifest.json']);
  });

  it('refuses a --timeout that is not a whole number of seconds', () => {
    const r = cli('apply', manifest('x.json', { steps: [] }), '--input', photo, '--out', join(root, 'x.png'), '--timeout', '0.5');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--timeout must be a whole number from 1 to 86400 \(got "0\.5"\)/);
  });
});

describe('manifests refused by their limits', () => {
  it('a job_id with an ANSI escape: exit 2, one line, the escape not printed', () => {
    const m = manifest('ansi.json', { job_id: 'job\u001b[2J\u001b[31m', steps: [{ op: 'upscale', scale: 2 }] });
    const r = cli('apply', m, '--input', photo, '--out', join(root, 'a.png'));
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr.trim()).toMatch(/job_id must not contain control characters \(found U\+001B at position 3\)/);
    expect(existsSync(join(root, 'a.png'))).toBe(false);
  });

  it('a manifest over the stroke point cap: exit 2 with the count and the limit', () => {
    const points = Array.from({ length: (MAX_STROKE_POINTS + 1) * 2 }, (_, i) => i % 300);
    const m = manifest('many.json', { steps: [{ op: 'inpaint', strokes: [{ points, width: 4 }] }] });
    const r = cli('apply', m, '--input', photo, '--out', join(root, 'm.png'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`hold ${MAX_STROKE_POINTS + 1} stroke points in all, over the limit of ${MAX_STROKE_POINTS} per manifest`),
    );
  });
});
