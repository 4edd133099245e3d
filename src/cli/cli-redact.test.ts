// cleanplate redact on the real astronaut photo with the real YuNet model (onnxruntime-node):
// the face is hidden, nothing else changes, the executed manifest records the step, the
// boxes and the detector, and replaying it (or the reviewed boxes alone) gives the same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { ExecutedManifest } from '../ops/manifest.ts';
import { modelById } from '../ops/models.ts';
import { cli, DEV, tempDir } from './test/run-cli.ts';

const dir = tempDir('redact');
const at = (name: string) => join(dir, name);
const PHOTO = join(DEV, 'holes/astronaut/truth.png');
const executedOf = (out: string): ExecutedManifest => JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8'));
const pixels = async (path: string) => (await sharp(path).ensureAlpha().raw().toBuffer({ resolveWithObject: true })).data;

describe('cleanplate redact', () => {
  it('pixelates the astronaut face, records it, and replays to identical bytes', async () => {
    const out = at('redacted.png');
    const r = cli('redact', '--input', PHOTO, '--style', 'pixelate', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('may remain');
    const executed = executedOf(out);
    expect(executed.steps).toEqual([{ op: 'redact', targets: ['faces'], style: 'pixelate' }]);
    const run = executed.result.runs[0];
    expect(run.model).toEqual({ id: 'yunet-n', sha256: modelById('yunet-n').sha256 });
    expect(run.boxes).toHaveLength(1);
    const [x0, y0, x1, y1] = run.boxes![0];
    // The face (MODELS.md: x 179, y 63, 90 x 113) lies inside the redacted box.
    expect([x0 <= 179, y0 <= 63, x1 >= 269, y1 >= 176]).toEqual([true, true, true, true]);

    const [before, after] = await Promise.all([pixels(PHOTO), pixels(out)]);
    let changedInside = 0;
    let changedOutside = 0;
    for (let y = 0; y < 512; y++)
      for (let x = 0; x < 512; x++) {
        const i = (y * 512 + x) * 4;
        const changed = before[i] !== after[i] || before[i + 1] !== after[i + 1] || before[i + 2] !== after[i + 2];
        if (x >= x0 && x < x1 && y >= y0 && y < y1) changedInside += changed ? 1 : 0;
        else changedOutside += changed ? 1 : 0;
      }
    expect(changedOutside).toBe(0);
    expect(changedInside / ((x1 - x0) * (y1 - y0))).toBeGreaterThan(0.9);

    const replay = at('replayed.png');
    const again = cli('apply', `${out}.manifest.json`, '--input', PHOTO, '--out', replay);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(replay).equals(readFileSync(out))).toBe(true);

    // The operator's reviewed boxes, recorded in the step, replay without detecting first.
    const reviewed = at('reviewed.json');
    writeFileSync(
      reviewed,
      JSON.stringify({ steps: [{ op: 'redact', targets: ['faces'], style: 'pixelate', boxes: [[x0, y0, x1, y1]] }] }),
    );
    const fromBoxes = at('from-boxes.png');
    expect(cli('apply', reviewed, '--input', PHOTO, '--out', fromBoxes).code).toBe(0);
    expect(readFileSync(fromBoxes).equals(readFileSync(out))).toBe(true);
  });

  it('refuses an unknown style or target, naming the ones that exist', () => {
    const style = cli('redact', '--input', PHOTO, '--style', 'smudge', '--out', at('x.png'));
    expect(style.code).toBe(2);
    expect(style.stderr).toMatch(/style.*blur, pixelate, fill/);
    const target = cli('redact', '--input', PHOTO, '--targets', 'faces,cars', '--out', at('y.png'));
    expect(target.code).toBe(2);
    expect(target.stderr).toMatch(/faces, text/);
  });
});
