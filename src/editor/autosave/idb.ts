// The autosave database (IndexedDB, in the page's origin): `documents` holds each saved
// document's state (SavedDocument), `summaries` the few fields the list of recent documents
// shows (so listing reads no strokes or masks), `sources` its source file as a Blob, written once. A Blob
// put into IndexedDB is written by the browser's storage backend, not copied on this thread,
// so a 100 MB source costs the page no long task.
import type { SavedDocument, SavedSummary } from './saved-document.ts';

const DB = 'cleanplate-autosave';
const VERSION = 1;

let opened: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB, VERSION);
    req.onupgradeneeded = () => {
      req.result.createObjectStore('documents', { keyPath: 'key' });
      req.result.createObjectStore('summaries', { keyPath: 'key' });
      req.result.createObjectStore('sources');
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened.'));
    req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab of this editor.'));
  }).catch((e) => {
    opened = null; // try again next time (private mode, storage turned off...)
    throw e;
  });
  return opened;
}

function done<T>(req: IDBRequest<T>, tx: IDBTransaction): Promise<T> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error ?? req.error ?? new Error('IndexedDB transaction failed.'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction was aborted.'));
  });
}

export async function putSource(key: string, blob: Blob): Promise<void> {
  const tx = (await database()).transaction('sources', 'readwrite');
  await done(tx.objectStore('sources').put(blob, key), tx);
}

export async function putDocument(doc: SavedDocument): Promise<void> {
  const tx = (await database()).transaction(['documents', 'summaries'], 'readwrite');
  const { key, name, editedAt, steps, bytes } = doc;
  tx.objectStore('summaries').put({ key, name, editedAt, steps, bytes } satisfies SavedSummary);
  await done(tx.objectStore('documents').put(doc), tx);
}

export async function getDocument(key: string): Promise<{ doc: SavedDocument; source: Blob } | null> {
  const tx = (await database()).transaction(['documents', 'sources'], 'readonly');
  const docReq = tx.objectStore('documents').get(key) as IDBRequest<SavedDocument | undefined>;
  const srcReq = tx.objectStore('sources').get(key) as IDBRequest<Blob | undefined>;
  await done(srcReq, tx);
  return docReq.result && srcReq.result ? { doc: docReq.result, source: srcReq.result } : null;
}

/** Every saved document's summary, newest first. */
export async function listDocuments(): Promise<SavedSummary[]> {
  const tx = (await database()).transaction('summaries', 'readonly');
  const all = (await done(tx.objectStore('summaries').getAll(), tx)) as SavedSummary[];
  return all.sort((a, b) => b.editedAt - a.editedAt);
}

export async function deleteDocument(key: string): Promise<void> {
  const tx = (await database()).transaction(['documents', 'summaries', 'sources'], 'readwrite');
  tx.objectStore('sources').delete(key);
  tx.objectStore('summaries').delete(key);
  await done(tx.objectStore('documents').delete(key), tx);
}
