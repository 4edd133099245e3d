// Limits answered before the work, tokens, and the fixes found by reading the old server:
// a real server on loopback, bodies sent by hand where the test must show that the rest of a
// body is never read (the request would hang if the server waited for it).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { follow, getJson, startServer, submit, testPng, type TestServer } from '../test/harness.ts';
import { loadTokens } from './auth.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const TEXTED = join(ROOT, '../shared/datasets/dev/text/chelsea/texted.png');

/** Sends a request's head and the start of its body, never the rest; answers what the server says. */
async function sendPartly(port: number, head: string, start: Buffer): Promise<{ status: number; text: string }> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(head);
  socket.write(start);
  let text = '';
  socket.setEncoding('utf8').on('data', (d: string) => (text += d));
  await once(socket, 'close');
  return { status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1]), text };
}

function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** The first bytes of a PNG claiming width x height: signature, IHDR, the start of an IDAT. */
function pngHead(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const type = Buffer.from('IHDR');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(13);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, ihdr])));
  const idat = Buffer.alloc(8);
  idat.writeUInt32BE(0x7fffffff, 0);
  idat.write('IDAT', 4);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), len, type, ihdr, crc, idat, Buffer.alloc(64 * 1024)]);
}

const TOKEN = 'ci-token-0123456789abcdef';
let server: TestServer;
let port: number;
beforeAll(async () => {
  const modelsDir = mkdtempSync(join(tmpdir(), 'cleanplate-models-'));
  writeFileSync(join(modelsDir, '.env'), 'SECRET=hunter2\n');
  writeFileSync(join(modelsDir, 'models.json'), '{}');
  server = await startServer({ maxStrokePoints: 4 }, loadTokens({ CLEANPLATE_TOKENS: `ci:${TOKEN}` }), { modelsDir });
  port = Number(new URL(server.url).port);
});
afterAll(() => server.close());

describe('limits, before the work', () => {
  it('refuses a 400 MiB JSON body from its length, without reading it, and stays up', async () => {
    for (const path of ['/submit', '/api/models/realesr-animevideov3/run']) {
      const head = `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${400 * 1024 * 1024}\r\n\r\n`;
      const res = await sendPartly(port, head, Buffer.from('{"a": "'));
      expect(res.status, path).toBe(413);
      expect(res.text).toMatch(/the body is over this route's limit of (1|64) MB/);
    }
    const api = await fetch(`${server.url}/openapi.json`);
    expect(api.status).toBe(200);
    const paths = Object.keys(((await api.json()) as { paths: object }).paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/submit', '/jobs', '/jobs/{id}', '/jobs/{id}/result', '/inpaint', '/text-remover', '/inpaint/check']),
    );
  });

  it('refuses a 100000 x 100000 PNG from its header, without reading the rest', async () => {
    const boundary = 'cleanplateboundary';
    const start = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="huge.png"\r\nContent-Type: image/png\r\n\r\n`),
      pngHead(100_000, 100_000),
    ]);
    const head = `POST /submit HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${10 * 1024 ** 3}\r\n\r\n`;
    const res = await sendPartly(port, head, start);
    expect(res.status).toBe(413);
    expect(res.text).toContain('image huge.png is 100000x100000 (10000 megapixels), over the 100 megapixel limit');
  });

  it('takes a valid PNG longer than the first bytes the header check reads', async () => {
    const noise = randomBytes(1600 * 1000 * 3);
    const png = await sharp(noise, { raw: { width: 1600, height: 1000, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    expect(png.length).toBeGreaterThan(4 * 1024 * 1024);
    const res = await submit(server.url, {
      image: { bytes: png, name: 'noise.png' },
      manifest: { job_id: 'big-png', steps: [] },
      token: TOKEN,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await fetch(`${server.url}/jobs/big-png`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
  });

  it('refuses a manifest over 1 MB (field or file) and strokes over the point limit', async () => {
    const png = await testPng(16, 16);
    const big = JSON.stringify({ steps: [], note: 'x'.repeat(1100 * 1024) });
    for (const manifestAsFile of [false, true]) {
      const res = await submit(server.url, { image: { bytes: png, name: 'p.png' }, manifest: big, manifestAsFile, token: TOKEN });
      expect(res.status).toBe(413);
      expect(res.body.error).toMatch(/over the 1024 KB limit/);
    }
    const strokes = { steps: [{ op: 'inpaint', strokes: [{ points: [1, 1, 2, 2, 3, 3, 4, 4, 5, 5], width: 2 }] }] };
    const res = await submit(server.url, { image: { bytes: png, name: 'p.png' }, manifest: strokes, token: TOKEN });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('manifest: its strokes hold 5 points, over the limit of 4; simplify the strokes or send a mask PNG');
  });

  it('answers 429 with Retry-After when the queue is full', async () => {
    const full = await startServer({ maxQueued: 0 });
    try {
      const res = await submit(full.url, { image: { bytes: await testPng(8, 8), name: 'p.png' }, manifest: { steps: [] } });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(res.body.error).toMatch(/^the queue is full \(0 jobs waiting\); try again in \d+ s$/);
    } finally {
      await full.close();
    }
  });
});

describe('tokens', () => {
  it('are required on every job route: 401 without, 403 with an unknown one', async () => {
    for (const path of ['/jobs', '/jobs/x', '/jobs/x/result', '/jobs/x/manifest', '/jobs/x/events']) {
      const none = await fetch(`${server.url}${path}`);
      expect(none.status, path).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect(await none.json()).toEqual({ error: 'this route needs a token: send "Authorization: Bearer <token>"' });
      const wrong = await fetch(`${server.url}${path}`, { headers: { authorization: 'Bearer not-the-token-at-all' } });
      expect(wrong.status, path).toBe(403);
    }
    for (const path of ['/submit', '/inpaint', '/text-remover', '/inpaint/check'])
      expect((await submit(server.url, { image: { bytes: await testPng(8, 8), name: 'p.png' } }, path)).status, path).toBe(401);
    expect((await getJson(server.url, '/jobs', TOKEN)).status).toBe(200);
  });

  it('the server refuses to listen beyond loopback without them', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, HOST: '0.0.0.0', PORT: '0', CLEANPLATE_TOKENS: '', CLEANPLATE_TOKENS_FILE: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without tokens/);
  });
});

describe('the direct endpoints', () => {
  it('POST /inpaint/check (file + mode, Bearer token) answers JSON with result_url', async () => {
    const res = await fetch(`${server.url}/inpaint/check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: (() => {
        const f = new FormData();
        f.append('file', new Blob([new Uint8Array(readFileSync(TEXTED))]), 'chelsea.png');
        f.append('mode', 'text');
        return f;
      })(),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { job_id: string; state: string; result_url: string };
    expect(['done', 'needs_review']).toContain(body.state);
    const result = await fetch(body.result_url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(result.status).toBe(200);
    expect(await sharp(Buffer.from(await result.arrayBuffer())).metadata()).toMatchObject({ width: 451, height: 300 });
  });

  it('POST /inpaint answers the filled image; POST /text-remover a plain message when it cannot', async () => {
    const png = await testPng(48, 32);
    const mask = await sharp({ create: { width: 48, height: 32, channels: 3, background: '#000' } })
      .composite([{ input: { create: { width: 8, height: 8, channels: 3, background: '#fff' } }, left: 20, top: 12 }])
      .png()
      .toBuffer();
    const filled = await submit(
      server.url,
      {
        image: { bytes: png, name: 'p.png' },
        files: { mask: { bytes: mask, name: 'mask.png' } },
        fields: { engine: 'patchmatch' },
        token: TOKEN,
      },
      '/inpaint',
    );
    expect(filled.status).toBe(200);
    expect(filled.headers.get('content-type')).toBe('image/png');
    const { data } = await sharp(filled.body as Buffer)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const { data: before } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(Buffer.compare(data, before)).not.toBe(0);

    const refused = await submit(
      server.url,
      { image: { bytes: Buffer.from('not an image at all'), name: 'x.jpg' }, token: TOKEN },
      '/text-remover',
    );
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(refused.body).toMatch(/^image x\.jpg: This is not an image cleanplate can open/);
  });
});

describe('found by reading the old server', () => {
  it('does not serve dotfiles under /models/', async () => {
    const res = await fetch(`${server.url}/models/.env`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('hunter2');
    expect((await fetch(`${server.url}/models/models.json`)).status).toBe(200);
  });

  it("shows no server path in a failed job's error", async () => {
    const png = await testPng(16, 16);
    const res = await submit(server.url, {
      image: { bytes: png, name: 'p.png' },
      manifest: { job_id: 'no-paths', steps: [{ op: 'upscale', scale: 2, model: 'not-a-model' }] },
      token: TOKEN,
    });
    expect(res.status).toBe(202);
    const job = await follow(server.url, 'no-paths', undefined, TOKEN);
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/not-a-model/);
    expect(job.error).not.toMatch(/\/(tmp|work|home|root)\//);
  });
});
