// Autosave: about AUTOSAVE_DELAY_MS after each change to the open document (a stroke, an
// operation's result, accepted or reviewed boxes, a setting), or right after the job running
// then, its state is written to IndexedDB on a worker (db.ts); the source file once. Saving
// never blocks or fails an edit: a failure is said once in a notice and in the status bar. Opening another image keeps the previous
// document in the recent list. Near the quota, the oldest saved documents are dropped, with
// a notice. The last MAX_SAVED documents are kept.
import { describeSaved, hasWork, savedDocument, type SavedSettings } from './saved-document.ts';
import { deleteDocument, listDocuments, putDocument, putSource } from './db.ts';
import type { EditorState, EditorStore } from '../store.ts';

export const AUTOSAVE_DELAY_MS = 600;
/** Saved documents kept at most (the recent list). */
export const MAX_SAVED = 8;
/** Past this share of the quota, the oldest saved documents make room. */
const QUOTA_SHARE = 0.8;

interface Tracked {
  key: string;
  docId: number;
  /** The source file is in the database under `key`. */
  sourceSaved: boolean;
  /** A state of it is in the database (undoing every edit then removes it). */
  saved: boolean;
}

const SETTINGS: Array<keyof SavedSettings> = [
  'tool',
  'brushSize',
  'maskOpacity',
  'maskVisible',
  'inpaintEngine',
  'inpaintDilate',
  'reviewBoxesFirst',
  'upscaleModel',
];

const reasonOf = (e: unknown) => (e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e));

export interface Autosave {
  /** The next document opened continues the saved document `key` (a restore). */
  continueAs(key: string): void;
  /** Writes any pending change now. */
  flush(): Promise<void>;
  /** Forgets a saved document. */
  discard(key: string): Promise<void>;
  refreshRecent(): Promise<void>;
}

let quiet = false;

/**
 * Runs `open` (an import's replay opening its document) without saving what it does: that
 * document is already kept in the files it came from. Its first edit afterwards saves it whole.
 */
export function openedFromFiles(open: () => void): void {
  quiet = true;
  try {
    open();
  } finally {
    quiet = false;
  }
}

export function startAutosave(store: EditorStore): Autosave {
  let current: Tracked | null = null;
  let nextKey: string | null = null;
  let pending: { state: EditorState; tracked: Tracked } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let writing: Promise<void> = Promise.resolve();
  let warned = false;
  let askedToPersist = false;

  async function refreshRecent(): Promise<void> {
    const recent = await listDocuments().catch(() => null);
    if (recent) store.getState().setRecent(recent);
  }

  /** Drops the oldest saved documents (never `keep`) until `need` more bytes fit under the quota share. */
  async function makeRoom(need: number, keep: string): Promise<void> {
    const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
    if (!estimate?.quota) return;
    let used = estimate.usage ?? 0;
    const dropped: string[] = [];
    const oldestFirst = (await listDocuments()).filter((d) => d.key !== keep).reverse();
    while (used + need > estimate.quota * QUOTA_SHARE && oldestFirst.length > 0) {
      const d = oldestFirst.shift()!;
      await deleteDocument(d.key);
      used -= d.bytes;
      dropped.push(describeSaved(d));
    }
    if (dropped.length)
      store
        .getState()
        .notify(
          'warning',
          `Storage is nearly full: dropped ${dropped.length} older saved document${dropped.length === 1 ? '' : 's'}.`,
          dropped.join('\n'),
        );
  }

  async function write(state: EditorState, t: Tracked): Promise<void> {
    const doc = savedDocument(state, t.key, Date.now());
    if (!doc) {
      // Every edit undone: nothing to restore any more.
      if (t.saved) await deleteDocument(t.key);
      t.saved = false;
      return;
    }
    const blob = state.doc!.file.blob;
    if (!blob) throw new Error('the source file is not available to this tab');
    if (!t.sourceSaved) {
      await makeRoom(blob.size, t.key);
      await putSource(t.key, blob);
      t.sourceSaved = true;
    }
    await putDocument(doc);
    t.saved = true;
    // Keep the list short: the oldest beyond MAX_SAVED go.
    for (const old of (await listDocuments()).slice(MAX_SAVED)) if (old.key !== t.key) await deleteDocument(old.key);
    if (!askedToPersist) {
      askedToPersist = true;
      await navigator.storage?.persist?.().catch(() => false);
    }
  }

  /** Saves a captured state; any failure is reported, never thrown into the edit. */
  function save(state: EditorState, t: Tracked): Promise<void> {
    writing = writing.then(async () => {
      try {
        await write(state, t);
        if (current === t) store.getState().setAutosave(t.saved ? t.key : null, t.saved ? { state: 'saved', at: Date.now() } : null);
      } catch (e) {
        const reason = reasonOf(e);
        if (current === t) store.getState().setAutosave(null, { state: 'failed', reason });
        if (!warned) {
          warned = true;
          store
            .getState()
            .notify(
              'warning',
              'Your work is not being saved in this browser.',
              `Autosave failed (${reason}). Your edits are done and stay in this tab; export a bundle to keep them.`,
            );
        }
      }
      await refreshRecent();
    });
    return writing;
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const p = pending;
    pending = null;
    return p ? save(p.state, p.tracked) : writing;
  }

  /**
   * Writes after the delay, but not while a job runs: storing a large source or mask costs the
   * page a structured clone, which must not land between Remove and its result. The job's own
   * result is saved right after it.
   */
  function tick(): void {
    if (store.getState().job) {
      timer = setTimeout(tick, AUTOSAVE_DELAY_MS);
      return;
    }
    void flush();
  }

  function schedule(state: EditorState): void {
    if (!current) return;
    pending = { state, tracked: current };
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, AUTOSAVE_DELAY_MS);
  }

  store.subscribe((s, prev) => {
    if (s.doc?.id !== prev.doc?.id) {
      const before = current;
      const wasPending = pending?.tracked === before;
      void flush(); // the previous document's last change, as it was
      if (before && (before.saved || wasPending) && hasWork(prev) && s.doc)
        store.getState().notify('info', `“${prev.doc!.file.name}” is kept.`, 'Restore it from Recent documents in the side panel.');
      current = s.doc ? { key: nextKey ?? crypto.randomUUID(), docId: s.doc.id, sourceSaved: false, saved: false } : null;
      if (current && nextKey) current.sourceSaved = current.saved = true; // a restored document is already stored
      nextKey = null;
      if (store.getState().autosave || store.getState().savedKey !== null)
        store.getState().setAutosave(current?.saved ? current.key : null, null);
      if (s.doc && hasWork(s) && !quiet) schedule(s);
      return;
    }
    if (!s.doc || quiet) return;
    if (s.history !== prev.history || s.review !== prev.review || SETTINGS.some((k) => s[k] !== prev[k])) schedule(s);
  });
  // A tab being closed or hidden writes what is pending (the browser may not wait for it).
  addEventListener('pagehide', () => void flush());
  void refreshRecent();

  return {
    continueAs(key) {
      nextKey = key;
    },
    flush,
    async discard(key) {
      if (current?.key === key) {
        current.saved = false;
        current.sourceSaved = false;
        store.getState().setAutosave(null, null);
      }
      await deleteDocument(key).catch(() => undefined);
      await refreshRecent();
    },
    refreshRecent,
  };
}
