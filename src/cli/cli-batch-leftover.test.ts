// `cleanplate batch` marks a result "needs review" when the check after remove_text still
// reads text, and keeps its result. The manifest's reviewed box holds only the middle of a
// caption (as a first detection sometimes does); the check, the real detector on
// onnxruntime-node, reads the rest of the line. The same box on the photo without the
// caption leaves nothing to read: that file is done.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Box, RgbaImage } from '../core/types.ts';
import { captionedPhoto, WALLPAPERS } from '../test-fixtures/captioned-photo.ts';
import type { BatchReport } from './batch/run-batch.ts';
import { cli, tempDir } from './test/run-cli.ts';

const root = tempDir('batch-leftover');
const inputs = join(root, 'in');
const out = join(root, 'out');
const manifest = join(root, 'job.json');

const png = (img: RgbaImage, file: string) =>
  sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 4 },
  })
    .png()
    .toFile(file);

let middle: Box;

beforeAll(async () => {
  mkdirSync(inputs);
  const { clean, texted, boxes } = await captionedPhoto(WALLPAPERS.stream, 960, 600, [
    { text: 'Golden hour on the road', x: 160, y: 420, size: 40, weight: 'bold', stroke: '#000' },
  ]);
  const [x0, y0, x1, y1] = boxes[0];
  const third = Math.round((x1 - x0) / 3);
  middle = [x0 + third, y0 + 6, x1 - third, y1 - 6];
  await png(texted, join(inputs, 'caption.png'));
  await png(clean, join(inputs, 'no-caption.png'));
  writeFileSync(manifest, JSON.stringify({ job_id: 'leftover-test', steps: [{ op: 'remove_text', boxes: [middle] }] }));
});

describe('cleanplate batch after remove_text', () => {
  it('marks the file whose result still reads as text "needs review" and keeps its result; the clean one is done', () => {
    const r = cli('batch', '--manifest', manifest, '--input-dir', inputs, '--out-dir', out);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/needs review: caption\.png: step 0 \(remove_text\): text may remain in \[/);
    const report = JSON.parse(readFileSync(join(out, 'cleanplate-batch-report.json'), 'utf8')) as BatchReport;
    expect(report.files.find((f) => f.file === 'caption.png')).toMatchObject({ status: 'needs_review', reason: 'leftover_text' });
    expect(report.files.find((f) => f.file === 'no-caption.png')).toMatchObject({ status: 'done' });
    expect(existsSync(join(out, 'caption.png'))).toBe(true);
    // The executed manifest names the leftover boxes: on the caption's line, past the reviewed box.
    const executed = JSON.parse(readFileSync(join(out, 'caption.png.manifest.json'), 'utf8'));
    const leftover = executed.result.runs[0].leftover as number[][];
    expect(leftover.length).toBeGreaterThan(0);
    for (const [x0, y0, x1, y1] of leftover) {
      expect(y1 > middle[1] && y0 < middle[3]).toBe(true);
      expect(x0 < middle[0] - 8 || x1 > middle[2] + 8).toBe(true);
    }
  });
});
