// PUT /sources/<sha256> streams the body to disk: real uploads on loopback, to a server in its
// own process where its memory is measured, and to one in this process where its files are.
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serverForTests, sha256Hex, startServerProcess, testPng } from '../test/harness.ts';

const MB = 1024 * 1024;

/** A PNG's chunk: length, type, data, and a CRC the server does not read (it never decodes here). */
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
}

/**
 * A large PNG made one piece at a time, so that neither this test nor the server needs it whole:
 * signature, IHDR (width x height, 8-bit RGB), `mb` IDAT chunks of 1 MB (their text: `tag`), IEND.
 */
function* bigPng(mb: number, width = 5000, height = 4000, tag = 'piece'): Generator<Buffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  yield Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)]);
  for (let i = 0; i < mb; i++) yield chunk('IDAT', Buffer.alloc(MB - 12, `${tag} ${i} `));
  yield chunk('IEND', Buffer.alloc(0));
}

function digest(pieces: Iterable<Buffer>): { sha: string; bytes: number } {
  const hash = createHash('sha256');
  let bytes = 0;
  for (const piece of pieces) {
    hash.update(piece);
    bytes += piece.length;
  }
  return { sha: hash.digest('hex'), bytes };
}

/** PUTs the pieces as they are made (waiting when the socket is full); the answer's status and body. */
async function putStreamed(url: string, sha: string, pieces: Iterable<Buffer>, length: number) {
  const req = request(`${url}/sources/${sha}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', 'content-length': length },
  });
  const answer = once(req, 'response');
  for (const piece of pieces) if (!req.write(piece)) await once(req, 'drain');
  req.end();
  const [res] = (await answer) as [import('node:http').IncomingMessage];
  let text = '';
  for await (const d of res.setEncoding('utf8')) text += d;
  return { status: res.statusCode, text };
}

/** The process's peak resident memory so far (VmHWM), in bytes. */
const peakRss = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

/** Sends the head of a request and `body`, then waits for the server to close; what it answered. */
async function sendRaw(port: number, head: string, body: Buffer): Promise<{ status: number; text: string }> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let text = '';
  socket.setEncoding('utf8').on('data', (d: string) => (text += d));
  socket.on('error', () => undefined); // the server may close while the last bytes are on their way
  socket.write(head);
  socket.write(body);
  await once(socket, 'close');
  return { status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1]), text };
}

/** Resolves once `ok` holds for the folder's file names, checked again on each change there. */
async function untilFolder(folder: string, ok: (names: string[]) => boolean): Promise<void> {
  const watcher = watch(folder);
  try {
    while (!ok(readdirSync(folder))) await once(watcher, 'change');
  } finally {
    watcher.close();
  }
}

describe('PUT /sources in its own process', () => {
  const root = mkdtempSync(join(tmpdir(), 'cleanplate-source-upload-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps a 96 MB body and takes a job on it without holding it: the peak memory grows by far less than its size', async () => {
    const started = await startServerProcess({ CLEANPLATE_TEST_ROOT: root, CLEANPLATE_DATA_DIR: join(root, 'data') });
    child = started.child;
    // A first upload warms the route (buffers, the heap's own growth) before the measured one.
    const warm = digest(bigPng(24, 5000, 4000, 'warm'));
    expect((await putStreamed(started.url, warm.sha, bigPng(24, 5000, 4000, 'warm'), warm.bytes)).status).toBe(201);
    const before = peakRss(child.pid!);
    const { sha, bytes } = digest(bigPng(96));
    expect(bytes).toBeGreaterThan(95 * MB);
    const res = await putStreamed(started.url, sha, bigPng(96), bytes);
    expect(res.status, res.text).toBe(201);
    expect(JSON.parse(res.text)).toEqual({ sha256: sha, bytes });
    const grew = peakRss(child.pid!) - before;
    expect(grew, `peak memory grew by ${Math.round(grew / MB)} MB`).toBeLessThan(bytes / 3); // held whole, it grew by 93 MB
    const kept = join(root, 'data', 'sources', sha);
    expect(statSync(kept).size).toBe(bytes);
    expect(digest([readFileSync(kept)]).sha).toBe(sha);
    expect(readdirSync(join(root, 'data', 'sources')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // A job on it reads the source through once, as the upload did.
    const job = await fetch(`${started.url}/sources/${sha}/jobs`, {
      method: 'POST',
      body: JSON.stringify({ manifest: { steps: [] } }),
      headers: { 'content-type': 'application/json' },
    });
    expect(job.status).toBe(202);
    const afterJob = peakRss(child.pid!) - before;
    expect(afterJob, `peak memory grew by ${Math.round(afterJob / MB)} MB`).toBeLessThan(bytes / 3);
  });
});

describe('PUT /sources refusals', () => {
  const server = serverForTests({ concurrency: 1, maxImageBytes: 6 * MB });
  const port = () => Number(new URL(server.url).port);
  const sources = () => join(server.dataDir, 'sources');
  const temporary = (names: string[]) => names.filter((n) => n.endsWith('.tmp'));
  const head = (sha: string, headers: string) =>
    `PUT /sources/${sha} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n${headers}\r\n\r\n`;

  it('refuses a body stated over the limit before reading it', async () => {
    const res = await sendRaw(port(), head('a'.repeat(64), `Content-Length: ${10 * 1024 * MB}`), Buffer.alloc(0));
    expect(res.status).toBe(413);
    expect(res.text).toContain('the image is over the 6 MB limit; send a smaller file');
  });

  it('refuses a chunked body once it passes the limit, and leaves no partial file', async () => {
    const small = await testPng(8, 8);
    expect((await putStreamed(server.url, sha256Hex(small), [small], small.length)).status).toBe(201);
    const body = Buffer.concat([...bigPng(7)]).subarray(0, 6 * MB + 1); // one byte over, then nothing more
    const chunked = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body]);
    const res = await sendRaw(port(), head('b'.repeat(64), 'Transfer-Encoding: chunked'), chunked);
    expect(res.status).toBe(413);
    expect(res.text).toContain('over the 6 MB limit');
    expect(temporary(readdirSync(sources()))).toEqual([]);
  });

  it('refuses an image stating too many pixels from its first bytes', async () => {
    const [first] = bigPng(1, 100_000, 100_000);
    const res = await sendRaw(port(), head('c'.repeat(64), `Content-Length: ${MB}`), first);
    expect(res.status).toBe(413);
    expect(res.text).toContain('the image is 100000x100000 (10000 megapixels), over the 100 megapixel limit');
    expect(temporary(readdirSync(sources()))).toEqual([]);
  });

  it('refuses a PNG cut short past the 4 MB it holds as truncated, and leaves no partial file', async () => {
    const whole = Buffer.concat([...bigPng(5)]);
    const cut = whole.subarray(0, whole.length - 100);
    const res = await putStreamed(server.url, sha256Hex(cut), [cut], cut.length);
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text).error).toMatch(/^the body is not an image the server reads: The file is truncated/);
    expect(temporary(readdirSync(sources()))).toEqual([]);
  });

  it('removes the partial file of an upload aborted half way', async () => {
    const whole = Buffer.concat([...bigPng(1)]);
    const socket = connect(port(), '127.0.0.1');
    await once(socket, 'connect');
    socket.write(head(sha256Hex(whole), `Content-Length: ${whole.length}`));
    socket.write(whole.subarray(0, whole.length >> 1));
    await untilFolder(sources(), (names) => temporary(names).length === 1); // the first half is on disk
    socket.destroy();
    await untilFolder(sources(), (names) => temporary(names).length === 0);
    expect((await fetch(`${server.url}/sources/${sha256Hex(whole)}`, { method: 'HEAD' })).status).toBe(404);
  });
});
