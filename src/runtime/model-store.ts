// Browser model store: fetches model files from our own origin (/models/<file>) with download
// progress, checks each against its registry sha256, and keeps verified copies in Cache Storage
// so the editor works offline once a model has been used. Runs in the worker or on a page.
import type { ProgressFn } from '../core/types.ts';
import { MODELS, type ModelEntry } from './registry.ts';

const CACHE_NAME = 'cleanplate-models-v1';
const INSTALL_HINT = 'Install it on the server with: npm run models -- --from <dir with the model files>';

/** The model's file is not on the server (or the server is unreachable and it is not cached). */
export class ModelMissingError extends Error {
  override name = 'ModelMissingError';
  constructor(readonly file: string, detail: string) {
    super(`Model file ${file} is missing (${detail}). ${INSTALL_HINT}`);
  }
}

/** The server sent a file whose sha256 is not the registry's: refused, never cached. */
export class ModelCorruptError extends Error {
  override name = 'ModelCorruptError';
  constructor(readonly file: string, expected: string, got: string) {
    super(
      `Model file ${file} is damaged or not the expected file (sha256 ${got.slice(0, 12)}…, expected ${expected.slice(0, 12)}…). ` +
        `Re-install it on the server with: npm run models -- --from <dir with the model files> (it checks the hash).`,
    );
  }
}

export type ModelState = 'cached' | 'on-server' | 'missing';

export interface ModelStatus {
  id: string;
  file: string;
  task: ModelEntry['task'];
  bytes: number;
  state: ModelState;
}

export async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Where a model lives on our origin. The cache key carries the sha256, so a registry change never serves a stale file. */
export function modelUrl(entry: ModelEntry): string {
  return new URL(`/models/${encodeURIComponent(entry.file)}`, self.location.origin).href;
}

function cacheKey(entry: ModelEntry): string {
  return `${modelUrl(entry)}?sha256=${entry.sha256 ?? 'unpinned'}`;
}

async function openCache(): Promise<Cache | undefined> {
  try {
    return await caches.open(CACHE_NAME);
  } catch {
    return undefined; // e.g. storage disabled: still works, without the offline copy
  }
}

/** Reads a response body, reporting progress as fraction of the expected size. */
async function readWithProgress(res: Response, expected: number, onProgress?: ProgressFn, signal?: AbortSignal): Promise<Uint8Array> {
  const total = Number(res.headers.get('Content-Length')) || expected;
  const out = new Uint8Array(Math.max(total, 1));
  let buf = out;
  let got = 0;
  const reader = res.body!.getReader();
  for (;;) {
    signal?.throwIfAborted();
    const { done, value } = await reader.read();
    if (done) break;
    if (got + value.length > buf.length) {
      const bigger = new Uint8Array(Math.max(buf.length * 2, got + value.length));
      bigger.set(buf.subarray(0, got));
      buf = bigger;
    }
    buf.set(value, got);
    got += value.length;
    onProgress?.({ stage: 'download', fraction: Math.min(1, got / total), detail: `${(got / 1e6).toFixed(1)} / ${(total / 1e6).toFixed(1)} MB` });
  }
  return buf.length === got ? buf : buf.slice(0, got);
}

/** The verified bytes of a model: from Cache Storage, else downloaded from our origin, checked and cached. */
export async function loadModelBytes(entry: ModelEntry, onProgress?: ProgressFn, signal?: AbortSignal): Promise<Uint8Array> {
  const cache = await openCache();
  const cached = await cache?.match(cacheKey(entry));
  if (cached) {
    const bytes = new Uint8Array(await cached.arrayBuffer());
    if (!entry.sha256 || (await sha256Hex(bytes)) === entry.sha256) return bytes;
    await cache?.delete(cacheKey(entry)); // damaged local copy: fetch again
  }
  let res: Response;
  try {
    res = await fetch(modelUrl(entry), { signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ModelMissingError(entry.file, `the server could not be reached: ${(e as Error).message}`);
  }
  if (!res.ok || !res.body || (res.headers.get('Content-Type') ?? '').includes('text/html')) {
    throw new ModelMissingError(entry.file, `the server answered ${res.status} for /models/${entry.file}`);
  }
  const bytes = await readWithProgress(res, entry.bytes, onProgress, signal);
  if (entry.sha256) {
    const got = await sha256Hex(bytes);
    if (got !== entry.sha256) throw new ModelCorruptError(entry.file, entry.sha256, got);
  }
  await cache?.put(cacheKey(entry), new Response(bytes as BufferSource, { headers: { 'Content-Type': 'application/octet-stream' } })).catch(() => undefined);
  return bytes;
}

export async function modelState(entry: ModelEntry): Promise<ModelState> {
  const cache = await openCache();
  if (await cache?.match(cacheKey(entry))) return 'cached';
  const res = await fetch(modelUrl(entry), { method: 'HEAD' }).catch(() => undefined);
  return res?.ok && !(res.headers.get('Content-Type') ?? '').includes('text/html') ? 'on-server' : 'missing';
}

/** Whether each registered model is cached here, available from the server, or missing. */
export async function modelStatuses(): Promise<ModelStatus[]> {
  return Promise.all(
    MODELS.map(async (m) => ({ id: m.id, file: m.file, task: m.task, bytes: m.bytes, state: await modelState(m) })),
  );
}
