// The autosave database as the page calls it: every call runs on db.worker.ts, so storing a
// document costs this thread a copy of its mask buffers at most (transferred), never IndexedDB's
// serialisation. Same functions as idb.ts.
import type { DbCall, DbReply } from './db.worker.ts';
import type { SavedDocument, SavedSummary } from './saved-document.ts';

let worker: Worker | null = null;
let serial = 0;
const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

function call<T>(c: DbCall, transfer: Transferable[] = []): Promise<T> {
  if (!worker) {
    worker = new Worker(new URL('./db.worker.ts', import.meta.url), { type: 'module', name: 'cleanplate-autosave' });
    worker.onmessage = ({ data }: MessageEvent<DbReply>) => {
      const w = waiting.get(data.id);
      waiting.delete(data.id);
      if (!w) return;
      if ('error' in data) w.reject(Object.assign(new Error(data.error), { name: data.name }));
      else w.resolve(data.value);
    };
    worker.onerror = (e) => {
      for (const w of waiting.values()) w.reject(new Error(`The autosave worker failed: ${e.message}`));
      waiting.clear();
      worker = null;
    };
  }
  const id = ++serial;
  return new Promise<T>((resolve, reject) => {
    waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
    worker!.postMessage({ id, call: c }, transfer);
  });
}

export const putSource = (key: string, blob: Blob) => call<void>({ op: 'putSource', key, blob });

/** The masks are copied (the document keeps its own) and the copies transferred. */
export function putDocument(doc: SavedDocument): Promise<void> {
  const masks = Object.fromEntries(Object.entries(doc.masks).map(([k, m]) => [k, { ...m, data: m.data.slice() }]));
  return call<void>(
    { op: 'putDocument', doc: { ...doc, masks } },
    Object.values(masks).map((m) => m.data.buffer as ArrayBuffer),
  );
}

export const getDocument = (key: string) => call<{ doc: SavedDocument; source: Blob } | null>({ op: 'getDocument', key });
export const listDocuments = () => call<SavedSummary[]>({ op: 'listDocuments' });
export const deleteDocument = (key: string) => call<void>({ op: 'deleteDocument', key });
