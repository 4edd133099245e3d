// Runs the autosave database (idb.ts) off the page: IndexedDB serialises (and may compress) a
// stored value on the thread that puts it, and a 24 MP mask is 24 MB. The page transfers
// copies of mask buffers here; Blobs travel by reference.
import * as db from './idb.ts';

export type DbCall =
  | { op: 'putSource'; key: string; blob: Blob }
  | { op: 'putDocument'; doc: Parameters<typeof db.putDocument>[0] }
  | { op: 'getDocument'; key: string }
  | { op: 'listDocuments' }
  | { op: 'deleteDocument'; key: string };

export type DbReply = { id: number; value: unknown } | { id: number; error: string; name: string };

self.onmessage = async ({ data }: MessageEvent<{ id: number; call: DbCall }>) => {
  const { id, call } = data;
  try {
    let value: unknown;
    if (call.op === 'putSource') value = await db.putSource(call.key, call.blob);
    else if (call.op === 'putDocument') value = await db.putDocument(call.doc);
    else if (call.op === 'getDocument') value = await db.getDocument(call.key);
    else if (call.op === 'listDocuments') value = await db.listDocuments();
    else value = await db.deleteDocument(call.key);
    self.postMessage({ id, value } satisfies DbReply);
  } catch (e) {
    const err = e as Error;
    self.postMessage({ id, error: err?.message ?? String(e), name: err?.name ?? 'Error' } satisfies DbReply);
  }
};
