// Every bad input of the dev set is refused by the real command with exit 2 and one line
// naming the problem (no stack trace); usage mistakes too. Each subcommand has --help.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, DEV, ROOT, tempDir, type CliResult } from './test/run-cli.ts';
import { bundleBombPath } from '../test-fixtures/bundle-bomb.ts';

const BAD = join(DEV, 'bad');
const out = join(tempDir('bad'), 'out.png');

function refused(r: CliResult, message: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('cleanplate refuses bad input with exit 2 and one line', () => {
  it.each([
    ['truncated.jpg', /truncated\.jpg is not a readable image/],
    ['empty.png', /empty\.png is empty \(0 bytes\)/],
    ['not-an-image.jpg', /not-an-image\.jpg is not a readable image/],
    ['bomb-40000x40000.png', /40000x40000 \(1600 megapixels\), over the 100 megapixel limit/],
  ])('image %s', (name, message) => {
    refused(cli('upscale', '--input', join(BAD, name), '--scale', '2', '--out', out), message);
  });

  it('the dev set holds exactly the bad files this test covers', () => {
    expect(readdirSync(BAD).sort()).toEqual([
      'alpha.png',
      'bomb-40000x40000.png',
      'empty.png',
      'exif-orientation-6.jpg',
      'gray16.png',
      'manifest-bad-region.json',
      'manifest-bad-scale.json',
      'manifest-not-json.json',
      'manifest-traversal.json',
      'manifest-unknown-op.json',
      'not-an-image.jpg',
      'truncated.jpg',
    ]);
  });

  it.each([
    ['manifest-traversal.json', /step 0 \(inpaint\): mask must stay inside the manifest's folder/],
    ['manifest-unknown-op.json', /step 0: unknown op "explode"/],
    ['manifest-bad-region.json', /step 0 \(remove_text\): region must have x1 > x0/],
    ['manifest-bad-scale.json', /step 0 \(upscale\): scale must be 2, 3 or 4/],
    ['manifest-not-json.json', /manifest-not-json\.json: manifest is not valid JSON/],
  ])('manifest %s, in apply and in batch', (name, message) => {
    refused(cli('apply', join(BAD, name), '--input', join(BAD, 'alpha.png'), '--out', out), message);
    refused(cli('batch', '--manifest', join(BAD, name), '--input-dir', BAD, '--out-dir', tempDir('batch-bad')), message);
  });

  it('a region outside the image, in apply and in detect; a manifest made for another image', () => {
    const dir = tempDir('region');
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ source: { sha256: '0'.repeat(64) }, steps: [{ op: 'detect_text' }] }));
    refused(
      cli('apply', join(dir, 'other.json'), '--input', join(BAD, 'alpha.png'), '--out', out),
      /alpha\.png is not the image this manifest was made for/,
    );
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ steps: [{ op: 'detect_text', region: [0, 0, 500, 10] }] }));
    refused(
      cli('apply', join(dir, 'm.json'), '--input', join(BAD, 'alpha.png'), '--out', out),
      /step 0 \(detect_text\): region \[0, 0, 500, 10\] must lie inside the 451x300 image/,
    );
    refused(
      cli('detect', join(BAD, 'alpha.png'), '--region', '0,0,10,301'),
      /--region \[0, 0, 10, 301\] must lie inside the 451x300 image/,
    );
  });

  it.each([
    [['nope'], /unknown command "nope"/],
    [['upscale', '--input', join(BAD, 'alpha.png'), '--scale', '5', '--out', out], /--scale must be 2, 3 or 4 \(got "5"\)/],
    [['upscale', '--input', join(BAD, 'alpha.png'), '--scale', '2', '--out', 'x.bmp'], /--out must end in \.png/],
    [['upscale', '--input', join(BAD, 'alpha.png'), '--scale', '2'], /--out is required/],
    [['inpaint', '--input', join(BAD, 'alpha.png'), '--out', out, '--bogus'], /Unknown option '--bogus'/],
    [['remove-text', '--input', join(BAD, 'alpha.png'), '--region', '1,2,3', '--out', out], /--region must be x0,y0,x1,y1/],
    [['detect'], /the image is required/],
    [['apply', '--input', join(BAD, 'alpha.png'), '--out', out], /the manifest file is required/],
    [
      ['batch', '--manifest', join(BAD, 'manifest-bad-scale.json'), '--input-dir', BAD, '--out-dir', BAD],
      /--out-dir must differ from --input-dir/,
    ],
    [
      ['batch', '--manifest', 'm.json', '--input-dir', BAD, '--out-dir', out, '--concurrency', '0'],
      /--concurrency must be a whole number from 1 to 64/,
    ],
    [
      ['inpaint', '--input', join(BAD, 'alpha.png'), '--mask', join(BAD, 'missing.png'), '--out', out],
      /cannot read mask .*missing\.png: no such file/,
    ],
  ])('usage %j', (args, message) => refused(cli(...(args as string[])), message));

  it('an upscale model that cannot reach the scale', () => {
    refused(
      cli('upscale', '--input', join(BAD, 'alpha.png'), '--scale', '4', '--model', 'nomos-span-x2', '--out', out),
      /step 0 \(upscale\): .*enlarges x2 only/,
    );
  });

  it.skipIf(existsSync(join(ROOT, 'models/lama_fp32.onnx')))('an inpainting engine that is not installed, naming its file', () => {
    const mask = join(DEV, 'holes/chelsea/mask.png');
    refused(
      cli('inpaint', '--input', join(DEV, 'holes/chelsea/image.png'), '--mask', mask, '--engine', 'lama', '--out', out),
      /Model "lama" is not installed: models\/lama_fp32\.onnx is missing/,
    );
  });

  it('a bundle that would inflate past the cap (2.7 MB of zip, three 900 MB entries), refused before inflating', () => {
    refused(
      cli('apply', bundleBombPath(), '--out', out),
      /cleanplate-bundle-bomb-3x900MB\.zip: bundle is too large: its entries would inflate to 2700 MB .*more than the 1000 MB a bundle may hold/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('prints help for every subcommand with exit 0', () => {
    for (const name of ['apply', 'inpaint', 'remove-text', 'upscale', 'detect', 'batch']) {
      const r = cli(name, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^cleanplate ${name} `));
    }
    const overview = cli('--help');
    expect(overview.code).toBe(0);
    expect(overview.stdout).toMatch(/exit codes: 0 ok, 2 bad input or usage, 1 internal error/);
  });
});
