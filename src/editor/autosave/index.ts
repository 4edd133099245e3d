// Never lose work: the page connects autosave once (store, worker client for replays) and the
// UI restores or discards saved documents by key.
import type { WorkerPixels } from '../pixels.ts';
import type { ReplayClient } from '../replay.ts';
import type { EditorStore } from '../store.ts';
import { startAutosave, type Autosave } from './autosave.ts';
import { restoreSaved } from './restore.ts';

let connected: { store: EditorStore; autosave: Autosave; client: ReplayClient; pixels: WorkerPixels } | null = null;

export function connectAutosave(store: EditorStore, client: ReplayClient, pixels: WorkerPixels): Autosave {
  const autosave = startAutosave(store);
  connected = { store, autosave, client, pixels };
  return autosave;
}

/** Opens a saved document in place of the open one (which is itself saved, when it holds work). */
export async function restoreDocument(key: string): Promise<void> {
  if (!connected) return;
  await connected.autosave.flush();
  await restoreSaved(connected.store, connected.autosave, connected.client, connected.pixels, key);
}

/** Forgets a saved document for good. */
export async function discardDocument(key: string): Promise<void> {
  await connected?.autosave.discard(key);
}

export { describeSaved, type SavedSummary } from './saved-document.ts';
