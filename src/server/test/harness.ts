// Test harness for the job server: a real server on loopback (real worker processes, real
// models, a temporary data folder), uploads as the case study's curl sends them, and a
// server-sent-events reader so tests wait on job states, never on time.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll } from 'vitest';
import { buildServer } from '../app.ts';
import type { Token } from '../http/auth.ts';
import type { JobServerOptions } from '../jobs/register.ts';

export interface TestServer {
  url: string;
  app: FastifyInstance;
  dataDir: string;
  close(): Promise<void>;
}

/** A folder standing in for the built editor (the job API does not need the real one). */
export function fakeDist(root: string): string {
  const dist = join(root, 'dist');
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>cleanplate</title>');
  return dist;
}

export async function startServer(
  config: JobServerOptions['config'] = {},
  tokens: Token[] = [],
  extra: { modelsDir?: string } = {},
): Promise<TestServer> {
  const root = mkdtempSync(join(tmpdir(), 'cleanplate-server-'));
  const dataDir = config.dataDir ?? join(root, 'data');
  const app = await buildServer({
    distDir: fakeDist(root),
    ...extra,
    jobs: { tokens, config: { concurrency: 1, backoffBaseMs: 20, backoffMaxMs: 100, ...config, dataDir } },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    dataDir,
    close: async () => {
      await app.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * One test server for the tests of the enclosing file or describe block: started before the
 * first (beforeAll), closed after the last (afterAll). The answer reads through to it, so it
 * can be declared at the top and used in the tests.
 */
export function serverForTests(...args: Parameters<typeof startServer>): TestServer {
  let started: TestServer | undefined;
  beforeAll(async () => {
    started = await startServer(...args);
  });
  afterAll(() => started?.close());
  const server = () => {
    if (!started) throw new Error('the test server is used outside a test (it starts in beforeAll)');
    return started;
  };
  return {
    get url() {
      return server().url;
    },
    get app() {
      return server().app;
    },
    get dataDir() {
      return server().dataDir;
    },
    close: () => server().close(),
  };
}

/** The hex sha256 of some bytes: the name /sources and manifests know a file by. */
export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A small real photo-like PNG (gradient and stripes), w x h. */
export async function testPng(width = 64, height = 48): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = (x * 255) / width;
      data[i + 1] = (y * 255) / height;
      data[i + 2] = ((x + y) >> 3) & 1 ? 200 : 40;
    }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

export interface Upload {
  image?: { bytes: Buffer; name: string };
  manifest?: unknown;
  /** Send the manifest as a file (curl -F manifest=@m.json) rather than a field. */
  manifestAsFile?: boolean;
  fields?: Record<string, string>;
  files?: Record<string, { bytes: Buffer; name: string }>;
  token?: string;
}

export function form(upload: Upload): FormData {
  const f = new FormData();
  if (upload.image) f.append('image', new Blob([new Uint8Array(upload.image.bytes)]), upload.image.name);
  if (upload.manifest !== undefined) {
    const text = typeof upload.manifest === 'string' ? upload.manifest : JSON.stringify(upload.manifest);
    if (upload.manifestAsFile) f.append('manifest', new Blob([text], { type: 'application/json' }), 'job.json');
    else f.append('manifest', text);
  }
  for (const [k, v] of Object.entries(upload.fields ?? {})) f.append(k, v);
  for (const [k, v] of Object.entries(upload.files ?? {})) f.append(k, new Blob([new Uint8Array(v.bytes)]), v.name);
  return f;
}

const auth = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

export async function submit(url: string, upload: Upload, path = '/submit') {
  const res = await fetch(`${url}${path}`, { method: 'POST', body: form(upload), headers: auth(upload.token) });
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json')
    ? await res.json()
    : type.startsWith('text/')
      ? await res.text()
      : Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body };
}

export async function getJson(url: string, path: string, token?: string) {
  const res = await fetch(`${url}${path}`, { headers: auth(token) });
  return { status: res.status, body: await res.json() };
}

export type JobView = {
  job_id: string;
  state: string;
  attempts: { number: number; outcome?: string; error?: string; worker_pid?: number; worker?: string; ms?: number }[];
  progress: { step: number; state: string }[];
  error?: string;
  review_reasons?: string[];
  callback?: { state: string; reason?: string; deliveries: { status?: number; ok: boolean; error?: string }[] };
};

/**
 * Follows a job's server-sent events until `until` holds (default: a terminal state); answers
 * that view. Every view seen is passed to `seen`.
 */
export async function follow(
  url: string,
  id: string,
  until: (job: JobView) => boolean = (j) => ['done', 'failed', 'needs_review', 'rejected', 'cancelled'].includes(j.state),
  token?: string,
  seen?: (job: JobView) => void,
): Promise<JobView> {
  const controller = new AbortController();
  const res = await fetch(`${url}/jobs/${encodeURIComponent(id)}/events`, { headers: auth(token), signal: controller.signal });
  if (res.status !== 200) throw new Error(`events: ${res.status} ${await res.text()}`);
  const decoder = new TextDecoder();
  let buffer = '';
  let last: JobView | undefined;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        if (!data) continue;
        last = JSON.parse(data) as JobView;
        seen?.(last);
        if (until(last)) return last;
      }
    }
  } finally {
    controller.abort();
  }
  throw new Error(`the event stream of ${id} ended at state ${last?.state} before the awaited one`);
}

/**
 * Starts the test server (serve-entry.ts) in a process of its own with `env` added to this
 * one's, for tests that kill it; answers the process and its URL once it listens.
 */
export async function startServerProcess(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const root = join(import.meta.dirname, '../../..');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/server/test/serve-entry.ts')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  for await (const chunk of child.stdout!) {
    out += chunk;
    const m = /listening (\S+)/.exec(out);
    if (m) return { child, url: m[1] };
  }
  throw new Error(`the server did not start: ${out}`);
}
