// The real command on the real ops and models (onnxruntime-node, CPU), on small crops of
// the dev set: what a user would check of each subcommand's output.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../ops/bundle.ts';
import type { ExecutedManifest } from '../ops/manifest.ts';
import { modelById } from '../ops/models.ts';
import { cli, crop, DEV, tempDir } from './test/run-cli.ts';

const dir = tempDir('ops');
const at = (name: string) => join(dir, name);
const executedOf = (out: string): ExecutedManifest => JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8'));
const pixels = async (path: string) => sharp(path).ensureAlpha().raw().toBuffer({ resolveWithObject: true });

/** The crop of text/chelsea holding the caption "Photo: J. Rivera", now at [16, 40, 294, 74]. */
const CAPTION: [number, number, number, number] = [16, 40, 294, 74];

beforeAll(async () => {
  const text = { left: 64, top: 0, width: 320, height: 128 };
  await crop(join(DEV, 'text/chelsea/texted.png'), at('texted.png'), text);
  await crop(join(DEV, 'text/chelsea/clean.png'), at('clean.png'), text);
  // The chelsea hole [197, 98, 270, 169] lands at [61, 28, 134, 99] in this crop.
  const hole = { left: 136, top: 70, width: 192, height: 128 };
  await crop(join(DEV, 'holes/chelsea/image.png'), at('holes.png'), hole);
  await crop(join(DEV, 'holes/chelsea/mask.png'), at('holes-mask.png'), hole);
  await crop(join(DEV, 'sr/chelsea/lr.png'), at('lr.png'), { left: 0, top: 0, width: 64, height: 64 });
});

/** Mean absolute RGB difference inside a box. */
function meanDiff(a: Buffer, b: Buffer, width: number, [x0, y0, x1, y1]: number[]): number {
  let sum = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) for (let c = 0; c < 3; c++) sum += Math.abs(a[(y * width + x) * 4 + c] - b[(y * width + x) * 4 + c]);
  return sum / ((x1 - x0) * (y1 - y0) * 3);
}

describe('cleanplate on the real ops', () => {
  it('detect prints boxes covering the caption, and only inside --region', () => {
    const r = cli('detect', at('texted.png'));
    expect(r.code).toBe(0);
    const { boxes } = JSON.parse(r.stdout) as { boxes: number[][] };
    const caption = boxes.find(
      ([x0, y0, x1, y1]) => x0 <= CAPTION[0] + 8 && y0 <= CAPTION[1] + 6 && x1 >= CAPTION[2] - 8 && y1 >= CAPTION[3] - 6,
    );
    expect(caption, JSON.stringify(boxes)).toBeDefined();
    expect(caption![4]).toBeGreaterThan(0.5);

    const inside = cli('detect', at('texted.png'), '--region', '0,80,320,128');
    expect(inside.code).toBe(0);
    for (const [x0, y0, x1, y1] of JSON.parse(inside.stdout).boxes)
      expect([x0 >= 0, y0 >= 80, x1 <= 320, y1 <= 128]).toEqual([true, true, true, true]);
  });

  it('upscale x2 writes a result twice the size, with an executed manifest naming the model', async () => {
    const out = at('up.png');
    const r = cli('upscale', '--input', at('lr.png'), '--scale', '2', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(await sharp(out).metadata()).toMatchObject({ width: 128, height: 128 });
    const executed = executedOf(out);
    expect(executed.steps).toEqual([{ op: 'upscale', scale: 2 }]);
    expect(executed.result.runs).toHaveLength(1);
    const run = executed.result.runs[0];
    expect(run).toMatchObject({ step: 0, op: 'upscale', backend: 'cpu' });
    // Native x2 when installed, else the default x4 model resampled; either way the file's hash.
    expect(['nomos-span-x2', 'realesr-general-x4v3']).toContain(run.model?.id);
    expect(run.model?.sha256).toBe(modelById(run.model!.id).sha256);
    expect(executed.source).toMatchObject({ file: 'lr.png', width: 64, height: 64 });
    expect(executed.result).toMatchObject({ file: 'up.png', width: 128, height: 128 });
  });

  it('inpaint fills the hole, keeps far pixels, and its manifest replays to identical bytes', async () => {
    const out = at('filled.png');
    const r = cli('inpaint', '--input', at('holes.png'), '--mask', at('holes-mask.png'), '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const before = await pixels(at('holes.png'));
    const after = await pixels(out);
    const width = before.info.width;
    // The hole was painted white; the fill is not.
    expect(meanDiff(after.data, Buffer.alloc(after.data.length, 255), width, [70, 40, 125, 90])).toBeGreaterThan(40);
    // Far from the hole (top-left corner block), nothing changed.
    expect(meanDiff(after.data, before.data, width, [0, 0, 30, 20])).toBe(0);
    const executed = executedOf(out);
    expect(executed.steps[0]).toEqual({ op: 'inpaint', mask: 'filled.png.mask.png' });
    expect(executed.result.runs[0].engine).toMatch(/patchmatch|biharmonic|diffusion|transport/);

    const replay = at('replayed.png');
    const again = cli('apply', `${out}.manifest.json`, '--input', at('holes.png'), '--out', replay);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(replay).equals(readFileSync(out))).toBe(true);
    expect(again.stderr).not.toContain('did not run as recorded');
    // Recorded where LaMa was installed: the replay still runs, and says what ran otherwise.
    const elsewhere = at('made-with-lama.json');
    const recorded = {
      ...executed,
      result: { ...executed.result, runs: [{ ...executed.result.runs[0], engine: 'lama', model: { id: 'lama', sha256: '0'.repeat(64) } }] },
    };
    writeFileSync(elsewhere, JSON.stringify(recorded));
    const differs = cli('apply', elsewhere, '--input', at('holes.png'), '--out', at('replayed-lama.png'));
    expect(differs.code, differs.stderr).toBe(0);
    expect(differs.stderr).toMatch(
      /warning: this replay did not run as recorded.*step 0 \(inpaint\): model lama, which the recording ran, did not run here; step 0 \(inpaint\): filled with \w+; the recording used lama/,
    );
  });

  it('apply is deterministic: the same manifest twice gives identical bytes and sha256, one run per step', () => {
    const manifest = at('job.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        job_id: 'determinism',
        steps: [{ op: 'inpaint', strokes: [{ points: [10, 10, 40, 30], width: 6 }] }, { op: 'upscale', scale: 2 }, { op: 'detect_text' }],
      }),
    );
    const outs = ['a.png', 'b.png'].map((n) => at(n));
    for (const out of outs) expect(cli('apply', manifest, '--input', at('lr.png'), '--out', out).code).toBe(0);
    const [a, b] = outs.map((o) => readFileSync(o));
    expect(a.equals(b)).toBe(true);
    const [ea, eb] = outs.map(executedOf);
    expect(ea.result.sha256).toBe(eb.result.sha256);
    expect(ea.result.runs.map((r) => r.op)).toEqual(['inpaint', 'upscale', 'detect_text']);
    expect(ea.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ea.job_id).toBe('determinism');
  });

  it('remove-text clears the caption inside the region and leaves the rest of the photo alone', async () => {
    const out = at('no-text.png');
    const r = cli('remove-text', '--input', at('texted.png'), '--region', '0,20,320,100', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const texted = await pixels(at('texted.png'));
    const clean = await pixels(at('clean.png'));
    const result = await pixels(out);
    const w = texted.info.width;
    // Closer to the clean photo than the input was, in the caption.
    expect(meanDiff(result.data, clean.data, w, CAPTION)).toBeLessThan(meanDiff(texted.data, clean.data, w, CAPTION) / 2);
    // Outside the region nothing changed.
    expect(meanDiff(result.data, texted.data, w, [0, 110, 320, 128])).toBe(0);
    const run = executedOf(out).result.runs[0];
    expect(run.boxes?.length).toBeGreaterThan(0);
    // Both text detectors ran; the record names each file by its sha256, so a replay can check them.
    expect(run.models?.map((m) => m.id)).toEqual(['ppocr-v3-det-ch', 'ppocr-v3-det-en']);
    for (const m of run.models ?? []) expect(m.sha256).toBe(modelById(m.id).sha256);
  });

  it('keeps orientation upright and alpha, and --strip-metadata drops EXIF', async () => {
    const manifest = at('small-fill.json');
    writeFileSync(manifest, JSON.stringify({ steps: [{ op: 'inpaint', strokes: [{ points: [600, 20, 620, 30], width: 6 }] }] }));
    const photo = join(DEV, 'bad/exif-orientation-6.jpg');
    for (const ext of ['jpg', 'webp']) {
      for (const [out, strip] of [
        [at(`upright.${ext}`), false],
        [at(`stripped.${ext}`), true],
      ] as const) {
        const r = cli('apply', manifest, '--input', photo, '--out', out, ...(strip ? ['--strip-metadata'] : []));
        expect(r.code, r.stderr).toBe(0);
        const meta = await sharp(out).metadata();
        expect([meta.width, meta.height]).toEqual([640, 427]);
        if (strip) expect(meta.exif).toBeUndefined();
        else expect([meta.orientation, meta.exif?.length]).toEqual([1, expect.any(Number)]);
      }
    }
    // Built-in engines record the runtime as 'js' (no model ran), as the editor does.
    expect((JSON.parse(readFileSync(`${at('upright.jpg')}.manifest.json`, 'utf8')) as ExecutedManifest).result.runs[0]).toMatchObject({
      backend: 'js',
    });
    const alpha = at('alpha-small.png');
    await crop(join(DEV, 'bad/alpha.png'), alpha, { left: 0, top: 0, width: 64, height: 64 });
    writeFileSync(manifest, JSON.stringify({ steps: [{ op: 'inpaint', strokes: [{ points: [30, 30], width: 8 }] }] }));
    expect(cli('apply', manifest, '--input', alpha, '--out', at('alpha-out.png')).code).toBe(0);
    const [before, after] = await Promise.all([pixels(alpha), pixels(at('alpha-out.png'))]);
    expect((await sharp(at('alpha-out.png')).metadata()).hasAlpha).toBe(true);
    // The alpha channel far from the stroke is exactly the source's.
    for (let i = 3; i < 64 * 10 * 4; i += 4) expect(after.data[i]).toBe(before.data[i]);
  });

  it('apply --bundle writes a bundle that replays to the same bytes', () => {
    const manifest = at('bundle-job.json');
    writeFileSync(manifest, JSON.stringify({ steps: [{ op: 'inpaint', mask: 'holes-mask.png' }] }));
    const out = at('bundled.png');
    expect(cli('apply', manifest, '--input', at('holes.png'), '--out', out, '--bundle', at('export.zip')).code).toBe(0);
    const bundle = readBundle(readFileSync(at('export.zip')));
    expect(Object.keys(bundle.masks)).toEqual(['holes-mask.png']);
    expect(Buffer.from(bundle.result.bytes).equals(readFileSync(out))).toBe(true);
    const replay = at('from-bundle.png');
    const r = cli('apply', at('export.zip'), '--out', replay);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(replay).equals(readFileSync(out))).toBe(true);
  });
});
