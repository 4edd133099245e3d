// The job API end to end: a real server on loopback, real worker processes, real models.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { applyToFile } from '../../cli/apply.ts';
import { createCliHost } from '../../cli/host.ts';
import { requireManifest } from '../../ops/manifest.ts';
import { follow, getJson, serverForTests, sha256Hex, submit, testPng, type JobView } from '../test/harness.ts';

const BAD = join(import.meta.dirname, '../../../../shared/datasets/dev/bad');

const server = serverForTests({ concurrency: 1 });
const png = await testPng(64, 48);

const manifest = (job_id: string) => ({
  job_id,
  steps: [
    { op: 'inpaint', strokes: [{ points: [10, 10, 40, 30], width: 6 }], engine: 'patchmatch' },
    { op: 'upscale', scale: 2 },
  ],
  callback: '/internal/jobs/callback',
});

describe('POST /submit -> done -> result', () => {
  it("runs the case study's manifest (relative callback) to done, with the same bytes as cleanplate apply", async () => {
    const sent = await submit(server.url, { image: { bytes: png, name: 'photo.png' }, manifest: manifest('api-1'), manifestAsFile: true });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body).toMatchObject({ job_id: 'api-1', links: { self: '/jobs/api-1', result: '/jobs/api-1/result' } });
    expect(sent.headers.get('location')).toBe('/jobs/api-1');

    const views: JobView[] = [];
    const job = await follow(server.url, 'api-1', undefined, undefined, (v) => views.push(v));
    expect(job.state).toBe('done');
    expect(views.some((v) => v.progress.some((p) => p.state === 'running'))).toBe(true);
    expect(job.progress.map((p) => p.state)).toEqual(['done', 'done']);
    expect(job.attempts).toMatchObject([{ number: 1, outcome: 'done' }]);
    // No base URL configured: the relative callback is recorded, not called.
    expect(job.callback).toMatchObject({ state: 'not_called', deliveries: [] });

    const res = await fetch(`${server.url}/jobs/api-1/result`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const result = Buffer.from(await res.arrayBuffer());
    expect(await sharp(result).metadata()).toMatchObject({ width: 128, height: 96 });
    const executed = (await getJson(server.url, '/jobs/api-1/manifest')).body;
    expect(executed.result.sha256).toBe(sha256Hex(result));
    expect(executed.callback).toBe('/internal/jobs/callback');

    // The same manifest through the CLI's pipeline gives the same bytes.
    const dir = mkdtempSync(join(tmpdir(), 'cleanplate-apply-'));
    writeFileSync(join(dir, 'photo.png'), png);
    const { resultBytes } = await applyToFile(createCliHost(), {
      manifest: requireManifest(manifest('api-1')),
      input: join(dir, 'photo.png'),
      out: join(dir, 'out.png'),
    });
    expect(sha256Hex(resultBytes)).toBe(sha256Hex(result));
  });

  it('returns the existing job for the same job_id and content, and 409 for other content', async () => {
    const again = await submit(server.url, { image: { bytes: png, name: 'photo.png' }, manifest: manifest('api-1') });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ job_id: 'api-1', state: 'done', existing: true });
    const other = await submit(server.url, { image: { bytes: await testPng(40, 40), name: 'photo.png' }, manifest: manifest('api-1') });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatch(/job_id "api-1" was already submitted with another image or manifest/);
    const changed = { ...manifest('api-1'), steps: [{ op: 'upscale', scale: 3 }] };
    expect((await submit(server.url, { image: { bytes: png, name: 'photo.png' }, manifest: changed })).status).toBe(409);
  });

  it('runs masks sent with the job, and fails bad input once, with a message that shows no server path', async () => {
    const mask = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#000' } })
      .composite([
        {
          input: await sharp({ create: { width: 10, height: 8, channels: 3, background: '#fff' } })
            .png()
            .toBuffer(),
          left: 20,
          top: 20,
        },
      ])
      .png()
      .toBuffer();
    const ok = await submit(server.url, {
      image: { bytes: png, name: 'photo.png' },
      manifest: { job_id: 'mask-1', steps: [{ op: 'inpaint', mask: 'masks/m.png', engine: 'diffusion' }] },
      files: { 'masks/m.png': { bytes: mask, name: 'm.png' } },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(202);
    expect((await follow(server.url, 'mask-1')).state).toBe('done');

    const wrongSize = await submit(server.url, {
      image: { bytes: png, name: 'photo.png' },
      manifest: { job_id: 'mask-2', steps: [{ op: 'inpaint', mask: 'm.png' }] },
      files: { 'm.png': { bytes: await testPng(10, 10), name: 'm.png' } },
    });
    expect(wrongSize.status).toBe(202);
    const failed = await follow(server.url, 'mask-2');
    expect(failed.state).toBe('failed');
    expect(failed.attempts).toHaveLength(1);
    expect(failed.attempts[0].outcome).toBe('bad_input');
    expect(failed.error).toMatch(/mask "m.png" is 10x10 but the image is 64x48/);
    expect(failed.error).not.toContain(server.dataDir);

    const missing = await submit(server.url, {
      image: { bytes: png, name: 'photo.png' },
      manifest: { steps: [{ op: 'inpaint', mask: 'm.png' }] },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatch(/mask file\(s\) not sent: m.png/);
  });

  it('lists jobs by state, paged, oldest first', async () => {
    const ids: string[] = [];
    let next: string | undefined = '/jobs?state=done&limit=1';
    while (next) {
      const page: { status: number; body: { jobs: { job_id: string; state: string }[]; next?: string } } = await getJson(server.url, next);
      expect(page.status).toBe(200);
      expect(page.body.jobs.length).toBeLessThanOrEqual(1);
      ids.push(...page.body.jobs.map((j) => j.job_id));
      next = page.body.next;
    }
    expect(ids).toEqual(['api-1', 'mask-1']);
    expect((await getJson(server.url, '/jobs?state=failed')).body.jobs.map((j: { job_id: string }) => j.job_id)).toEqual(['mask-2']);
    const bad = await getJson(server.url, '/jobs?state=finished');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/state must be one of queued, running, done, failed, needs_review, rejected, cancelled/);
  });

  it('cancels a job with DELETE, and says so when it already ended', async () => {
    const slow = {
      job_id: 'cancel-me',
      steps: [
        { op: 'upscale', scale: 4 },
        { op: 'upscale', scale: 4 },
      ],
    };
    expect((await submit(server.url, { image: { bytes: png, name: 'p.png' }, manifest: slow })).status).toBe(202);
    const res = await fetch(`${server.url}/jobs/cancel-me`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as JobView).state).toBe('cancelled');
    const again = await fetch(`${server.url}/jobs/cancel-me`, { method: 'DELETE' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toBe('job "cancel-me" is already cancelled');
    const result = await fetch(`${server.url}/jobs/cancel-me/result`);
    expect(result.status).toBe(409);
  });
});

describe('every file of dev/bad', () => {
  const images = readdirSync(BAD).filter((f) => !f.endsWith('.json'));
  const manifests = readdirSync(BAD).filter((f) => f.endsWith('.json'));
  // These three are valid images with something to get right (README of the data set).
  const handled = ['alpha.png', 'exif-orientation-6.jpg', 'gray16.png'];

  it.each(images.filter((f) => !handled.includes(f)))('refuses the image %s with a 4xx and a message', async (name) => {
    const res = await submit(server.url, { image: { bytes: readFileSync(join(BAD, name)), name }, manifest: { steps: [] } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.error).toMatch(new RegExp(`^image ${name.replace('.', '\\.')}`));
  });

  it.each(manifests)('refuses the manifest %s with a 422 naming the problem', async (name) => {
    const res = await submit(server.url, {
      image: { bytes: png, name: 'p.png' },
      manifest: readFileSync(join(BAD, name), 'utf8'),
      manifestAsFile: true,
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatch(/^manifest: .*(step 0|JSON)/);
  });

  it('handles the valid ones: transparency kept, EXIF rotation applied, 16-bit read', async () => {
    const ids: Record<string, string> = {};
    for (const name of handled) {
      const res = await submit(server.url, { image: { bytes: readFileSync(join(BAD, name)), name }, manifest: { steps: [] } });
      expect(res.status, name).toBe(202);
      ids[name] = res.body.job_id;
    }
    for (const name of handled) expect((await follow(server.url, ids[name])).state, name).toBe('done');
    const meta = async (name: string) =>
      sharp(Buffer.from(await (await fetch(`${server.url}/jobs/${ids[name]}/result`)).arrayBuffer())).metadata();
    expect(await meta('alpha.png')).toMatchObject({ hasAlpha: true });
    expect(await meta('exif-orientation-6.jpg')).toMatchObject({ width: 640, height: 427 });
    expect(await meta('gray16.png')).toMatchObject({ width: 256, height: 256 });
    expect((await getJson(server.url, '/jobs')).status).toBe(200);
  });
});
