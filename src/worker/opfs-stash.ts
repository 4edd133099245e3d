// The kept pixels' copy on disk, in the Origin Private File System, so that a fresh pipeline
// worker (after a crash or the idle stop) finds a result again without the page handing it over
// (a bitmap copy on the page: a 100-500 ms main-thread task on 24 MP).
// - Layout: kept-pixels/<namespace>/<id>.rgba, one namespace per page load (opfs-namespace.ts);
//   a worker opening the stash removes every other namespace whose lock nobody holds (earlier
//   page loads), so files never pile up across loads.
// - File: a 16-byte header (u32 magic, width, height, version) then the straight
//   RGBA. The header is written last, so a write cut short (a killed worker) never reads back.
// - Files are dropped oldest first beyond their own budget (kept apart from the memory one: an
//   image dropped from memory stays on disk and reads back). Any failure (no OPFS, quota, a
//   file another worker still has open) leaves the stash out: callers fall back to the handover.
import type { RgbaImage } from '../core/types.ts';
import { evictBeyond, touch } from './lru.ts';
import { stashLockName } from './opfs-namespace.ts';

/** Files are dropped oldest first beyond this (the budget of the pixels kept in memory). */
const BUDGET_BYTES = 512 * 2 ** 20;
const ROOT = 'kept-pixels';
const HEADER_BYTES = 16;
const MAGIC = 0x50_4b_50_43; // "CPKP"
const VERSION = 1;
/** Ids name files: only these characters (the ids made here and on the page are UUID-based). */
const SAFE_ID = /^[\w-]{1,200}$/;

/** The worker-only synchronous file access (missing from TypeScript's DOM lib). */
interface SyncAccessHandle {
  read(buffer: ArrayBufferView, options?: { at?: number }): number;
  write(buffer: ArrayBufferView, options?: { at?: number }): number;
  truncate(size: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}
type SyncFileHandle = FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncAccessHandle> };

let folder: FileSystemDirectoryHandle | undefined;
/** Stashed ids and their file sizes, least recently used first. */
const files = new Map<string, number>();
/** Writes and deletions run one at a time, in order (a drop never overtakes its write). */
let queue: Promise<unknown> = Promise.resolve();

const fileName = (id: string) => `${id}.rgba`;
const enqueue = (task: () => Promise<void>) => (queue = queue.then(task).catch(() => undefined));

/**
 * Opens this page load's namespace (called once per worker, before its first job), lists what
 * earlier workers of the page stashed, and clears the namespaces of page loads that are gone.
 * False when there is no stash (no OPFS, or it failed).
 */
export async function openStash(namespace: string): Promise<boolean> {
  try {
    if (!SAFE_ID.test(namespace) || typeof navigator.storage?.getDirectory !== 'function') return false;
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(ROOT, { create: true });
    const own = await root.getDirectoryHandle(namespace, { create: true });
    const listed: { id: string; bytes: number; time: number }[] = [];
    for await (const [name, handle] of own as unknown as AsyncIterable<[string, FileSystemHandle]>) {
      if (handle.kind !== 'file' || !name.endsWith('.rgba')) continue;
      const file = await (handle as FileSystemFileHandle).getFile();
      listed.push({ id: name.slice(0, -'.rgba'.length), bytes: file.size, time: file.lastModified });
    }
    for (const f of listed.sort((a, b) => a.time - b.time)) files.set(f.id, f.bytes);
    folder = own;
    enqueue(() => clearGoneNamespaces(root, namespace));
    return true;
  } catch {
    folder = undefined; // no stash: jobs fall back to the page's handover
    return false;
  }
}

async function clearGoneNamespaces(root: FileSystemDirectoryHandle, own: string): Promise<void> {
  const locks = await navigator.locks.query();
  const live = new Set([...(locks.held ?? []), ...(locks.pending ?? [])].map((l) => l.name));
  const gone: string[] = [];
  for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) {
    if (name !== own && !live.has(stashLockName(name))) gone.push(name);
  }
  for (const name of gone) await root.removeEntry(name, { recursive: true }).catch(() => undefined);
}

/**
 * Writes a kept image to disk, in a later task (so the job's answer goes out first), then drops
 * the oldest files beyond the budget. The image's buffer must stay unchanged (kept images do).
 */
export function stash(id: string, image: RgbaImage): void {
  const dir = folder;
  if (!dir || !SAFE_ID.test(id) || files.has(id)) return;
  const bytes = HEADER_BYTES + image.data.byteLength;
  if (bytes > BUDGET_BYTES) return;
  enqueue(async () => {
    await new Promise((later) => setTimeout(later));
    const handle = (await dir.getFileHandle(fileName(id), { create: true })) as SyncFileHandle;
    const access = await handle.createSyncAccessHandle();
    try {
      access.truncate(0);
      access.write(image.data, { at: HEADER_BYTES });
      access.write(header(image), { at: 0 });
      access.flush();
    } catch {
      access.close();
      await dir.removeEntry(fileName(id)).catch(() => undefined); // e.g. over quota: keep no partial file
      return;
    }
    access.close();
    files.set(id, bytes);
    for (const old of evictBeyond(files, (size) => size, BUDGET_BYTES, id)) await dir.removeEntry(fileName(old)).catch(() => undefined);
  });
}

/** The header in the platform's byte order (little-endian wherever browsers run); read back the same way. */
const header = (image: RgbaImage) => new Uint32Array([MAGIC, image.width, image.height, VERSION]);

/** The stashed image `id` read back exactly, or null when it is not there (or unreadable). */
export async function unstash(id: string): Promise<RgbaImage | null> {
  const dir = folder;
  if (!dir || !files.has(id)) return null;
  try {
    await queue; // its write may still be on the way
    const handle = (await dir.getFileHandle(fileName(id))) as SyncFileHandle;
    const access = await handle.createSyncAccessHandle();
    try {
      const [magic, width, height, version] = readHeader(access);
      const size = width * height * 4;
      if (magic !== MAGIC || version !== VERSION || access.getSize() !== HEADER_BYTES + size) return null;
      const data = new Uint8ClampedArray(size);
      if (access.read(data, { at: HEADER_BYTES }) !== size) return null;
      touchStash(id);
      return { width, height, data };
    } finally {
      access.close();
    }
  } catch {
    return null;
  }
}

function readHeader(access: SyncAccessHandle): Uint32Array {
  const h = new Uint32Array(4);
  access.read(h, { at: 0 });
  return h;
}

/** Marks a stashed image as just used (dropped last). */
export function touchStash(id: string): void {
  touch(files, id);
}
