// The case study's minimal manifest, verbatim (a relative callback), through cleanplate apply:
// accepted, the callback recorded in the executed manifest and never called.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { cli, tempDir } from './test/run-cli.ts';

it('applies {job_id, steps, callback} with a relative callback, recording it', async () => {
  const dir = tempDir('callback');
  await sharp({ create: { width: 24, height: 16, channels: 3, background: '#468' } })
    .png()
    .toFile(join(dir, 'in.png'));
  const manifest = {
    job_id: 'case-study-1',
    steps: [{ op: 'inpaint', strokes: [{ points: [4, 4, 12, 8], width: 3 }], engine: 'diffusion' }],
    callback: '/internal/jobs/callback',
  };
  writeFileSync(join(dir, 'job.json'), JSON.stringify(manifest));
  const r = cli('apply', join(dir, 'job.json'), '--input', join(dir, 'in.png'), '--out', join(dir, 'out.png'));
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const executed = JSON.parse(readFileSync(join(dir, 'out.png.manifest.json'), 'utf8'));
  expect(executed).toMatchObject({ job_id: 'case-study-1', callback: '/internal/jobs/callback' });
});
