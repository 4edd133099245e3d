// Browser model store: fetches model files from our own origin (/models/<file>) with download
// progress, checks each against its registry sha256, and keeps verified copies in Cache Storage
// so the editor works offline once a model has been used. Runs in the worker or on a page.
import type { ProgressFn } from '../core/types.ts';
import { sha256Hex } from '../core/hash.ts';
import { ModelUnavailableError } from './errors.ts';
import { MODELS, type ModelEntry } from '../ops/models.ts';

const CACHE_NAME = 'cleanplate-models-v1';
export type ModelState = 'cached' | 'on-server' | 'missing';

export interface ModelStatus {
  id: string;
  file: string;
  task: ModelEntry['task'];
  bytes: number;
  state: ModelState;
}

/** Where a model lives on our origin. The cache key carries the sha256, so a registry change never serves a stale file. */
export function modelUrl(entry: ModelEntry): string {
  return new URL(`/models/${encodeURIComponent(entry.file)}`, self.location.origin).href;
}

/** The file as the operator installs it on the server. */
function shown(entry: ModelEntry): string {
  return `models/${entry.file}`;
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
async function readWithProgress(
  res: Response,
  expected: number,
  onProgress?: ProgressFn,
  signal?: AbortSignal,
): Promise<Uint8Array<ArrayBuffer>> {
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
    onProgress?.({
      stage: 'download',
      fraction: Math.min(1, got / total),
      detail: `${(got / 1e6).toFixed(1)} / ${(total / 1e6).toFixed(1)} MB`,
    });
  }
  return buf.length === got ? buf : buf.slice(0, got);
}

/** The verified bytes of a model: from Cache Storage, else downloaded from our origin, checked and cached. */
export async function loadModelBytes(entry: ModelEntry, onProgress?: ProgressFn, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
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
    throw new ModelUnavailableError(entry.id, shown(entry), 'missing');
  }
  if (!res.ok || !res.body || (res.headers.get('Content-Type') ?? '').includes('text/html')) {
    throw new ModelUnavailableError(entry.id, shown(entry), 'missing');
  }
  const bytes = await readWithProgress(res, entry.bytes, onProgress, signal);
  if (entry.sha256) {
    const got = await sha256Hex(bytes);
    if (got !== entry.sha256) {
      throw new ModelUnavailableError(
        entry.id,
        shown(entry),
        'wrong-sha256',
        `as served by ${modelUrl(entry)} has sha256 ${got}, the registry expects ${entry.sha256}`,
      );
    }
  }
  await cache
    ?.put(cacheKey(entry), new Response(bytes as BufferSource, { headers: { 'Content-Type': 'application/octet-stream' } }))
    .catch(() => undefined);
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
  return Promise.all(MODELS.map(async (m) => ({ id: m.id, file: m.file, task: m.task, bytes: m.bytes, state: await modelState(m) })));
}
