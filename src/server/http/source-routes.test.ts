// Sources by sha256 (the editor's whole jobs): a real server on loopback, real worker processes.
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadTokens } from './auth.ts';
import { follow, getJson, serverForTests, sha256Hex, startServer, submit, testPng } from '../test/harness.ts';

const steps = [{ op: 'inpaint', strokes: [{ points: [10, 10, 40, 30], width: 6 }], engine: 'patchmatch' }];

const server = serverForTests({ concurrency: 1 });
const png = await testPng(64, 48);

const put = (url: string, hash: string, body: Buffer, headers: Record<string, string> = {}) =>
  fetch(`${url}/sources/${hash}`, {
    method: 'PUT',
    body: new Uint8Array(body),
    headers: { 'content-type': 'application/octet-stream', ...headers },
  });
const postJob = (url: string, hash: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/sources/${hash}/jobs`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });

describe('/sources', () => {
  it('keeps a source once and runs jobs on it with the bytes /submit gives', async () => {
    const hash = sha256Hex(png);
    expect((await fetch(`${server.url}/sources/${hash}`, { method: 'HEAD' })).status).toBe(404);
    expect((await put(server.url, hash, png)).status).toBe(201);
    expect((await fetch(`${server.url}/sources/${hash}`, { method: 'HEAD' })).status).toBe(200);
    expect((await put(server.url, hash, png)).status).toBe(200); // already held

    const res = await postJob(server.url, hash, { manifest: { steps } });
    expect(res.status).toBe(202);
    const { job_id } = (await res.json()) as { job_id: string };
    expect((await follow(server.url, job_id)).state).toBe('done');
    const mine = Buffer.from(await (await fetch(`${server.url}/jobs/${job_id}/result`)).arrayBuffer());
    const executed = (await getJson(server.url, `/jobs/${job_id}/manifest`)).body;
    expect(executed.source.sha256).toBe(hash);
    expect(executed.result.runs).toMatchObject([{ step: 0, op: 'inpaint', backend: 'js' }]);

    const sent = await submit(server.url, { image: { bytes: png, name: 'photo.png' }, manifest: { steps } });
    expect(sent.status).toBe(202);
    const theirs = sent.body as { job_id: string };
    expect((await follow(server.url, theirs.job_id)).state).toBe('done');
    const viaSubmit = Buffer.from(await (await fetch(`${server.url}/jobs/${theirs.job_id}/result`)).arrayBuffer());
    expect(sha256Hex(mine)).toBe(sha256Hex(viaSubmit));

    // The result kept as a source: the next job on it sends nothing.
    const kept = await fetch(`${server.url}/sources/from-job/${job_id}`, { method: 'POST' });
    expect(kept.status).toBe(200);
    expect(((await kept.json()) as { sha256: string }).sha256).toBe(sha256Hex(mine));
    expect((await fetch(`${server.url}/sources/${sha256Hex(mine)}`, { method: 'HEAD' })).status).toBe(200);
  });

  it('takes the mask files a manifest names, as base64 by their path', async () => {
    const mask = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#000' } })
      .composite([{ input: { create: { width: 10, height: 8, channels: 3, background: '#fff' } }, left: 20, top: 20 }])
      .png()
      .toBuffer();
    await put(server.url, sha256Hex(png), png);
    const manifest = { steps: [{ op: 'inpaint', mask: 'masks/m.png', engine: 'diffusion' }] };
    const missing = await postJob(server.url, sha256Hex(png), { manifest });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { error: string }).error).toMatch(/masks\/m\.png/);
    const res = await postJob(server.url, sha256Hex(png), { manifest, masks: { 'masks/m.png': mask.toString('base64') } });
    expect(res.status).toBe(202);
    const { job_id } = (await res.json()) as { job_id: string };
    expect((await follow(server.url, job_id)).state).toBe('done');
    const result = Buffer.from(await (await fetch(`${server.url}/jobs/${job_id}/result`)).arrayBuffer());
    expect(sha256Hex(result)).not.toBe(sha256Hex(png));
    const escape = await postJob(server.url, sha256Hex(png), { manifest, masks: { '../m.png': mask.toString('base64') } });
    expect(escape.status).toBe(422);
  });

  it('refuses a body that is not the named file, a non-image, a job on an unknown source, a bad manifest', async () => {
    const other = await testPng(32, 32);
    const wrong = await put(server.url, sha256Hex(png), other);
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/sha256 is .*, not /);
    const text = Buffer.from('not an image at all');
    expect((await put(server.url, sha256Hex(text), text)).status).toBe(422);
    expect((await fetch(`${server.url}/sources/nothex`, { method: 'HEAD' })).status).toBe(400);

    const unknown = await postJob(server.url, sha256Hex(other), { manifest: { steps } });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/PUT it to \/sources\//);

    await put(server.url, sha256Hex(png), png);
    const bad = await postJob(server.url, sha256Hex(png), { manifest: { steps: [{ op: 'sharpen' }] } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^manifest: /);
  });

  it('forget a source unused for as long as results are kept, from the next start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cleanplate-sources-'));
    const other = await testPng(40, 30);
    const first = await startServer({ concurrency: 1, dataDir });
    await put(first.url, sha256Hex(png), png);
    await put(first.url, sha256Hex(other), other);
    await first.close();
    const week = 7 * 24 * 3600 * 1000;
    const old = new Date(Date.now() - week - 60_000);
    utimesSync(join(dataDir, 'sources', sha256Hex(png)), old, old);
    const again = await startServer({ concurrency: 1, dataDir });
    try {
      expect((await fetch(`${again.url}/sources/${sha256Hex(png)}`, { method: 'HEAD' })).status).toBe(404);
      expect((await fetch(`${again.url}/sources/${sha256Hex(other)}`, { method: 'HEAD' })).status).toBe(200);
    } finally {
      await again.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('are described in /openapi.json', async () => {
    const paths = Object.keys(((await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: object }).paths);
    expect(paths).toEqual(expect.arrayContaining(['/sources/{sha256}', '/sources/{sha256}/jobs', '/sources/from-job/{id}']));
  });

  it('asks for the same token as the job routes', async () => {
    const token = 'editor-token-0123456789abcdef';
    const guarded = await startServer({ concurrency: 1 }, loadTokens({ CLEANPLATE_TOKENS: `editor:${token}` }));
    try {
      const hash = sha256Hex(png);
      expect((await fetch(`${guarded.url}/sources/${hash}`, { method: 'HEAD' })).status).toBe(401);
      expect((await put(guarded.url, hash, png)).status).toBe(401);
      const auth = { authorization: `Bearer ${token}` };
      expect((await put(guarded.url, hash, png, auth)).status).toBe(201);
      expect((await postJob(guarded.url, hash, { manifest: { steps } })).status).toBe(401);
      expect((await postJob(guarded.url, hash, { manifest: { steps } }, auth)).status).toBe(202);
      // The editor's tile offload takes the same token.
      const run = (headers: Record<string, string>) =>
        fetch(`${guarded.url}/api/models/realesr-animevideov3/run`, {
          method: 'POST',
          body: new Uint8Array(8),
          headers: { 'content-type': 'application/x-cleanplate-tensors', ...headers },
        });
      expect((await run({})).status).toBe(401);
      expect((await run({ authorization: 'Bearer not-the-token-at-all-0000' })).status).toBe(403);
      expect([401, 403]).not.toContain((await run(auth)).status);
    } finally {
      await guarded.close();
    }
  });
});
