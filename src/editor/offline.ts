// "Make available offline": every model installed on the server is downloaded, sha256-checked
// and kept in the inference worker's Cache Storage (src/runtime/model-store.ts), with one
// progress bar over all their bytes; the browser is asked to keep the site's storage. The app
// shell and ONNX Runtime are the service worker's (src/sw/sw.ts). Also: how much space is used.
import type { ModelStatus } from '../worker/client.ts';
import type { JobOptions } from './flows/run-job.ts';
import type { EditorStore } from './store.ts';

/** The part of the worker client this needs. */
export interface OfflineClient {
  models(): Promise<ModelStatus[]>;
  installModel(modelId: string, opts?: JobOptions): Promise<unknown>;
}

/** Installed here or on the server: what the editor can run, so what offline use needs. */
const installed = (m: ModelStatus) => m.state === 'cached' || m.state === 'on-server';

/** Reads the site's storage use and the models kept, into the store. */
export async function refreshStorage(store: EditorStore, client: Pick<OfflineClient, 'models'>): Promise<void> {
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  const persisted = (await navigator.storage?.persisted?.().catch(() => false)) ?? false;
  if (estimate) store.getState().setStorageUsage({ used: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted });
  const models = await client.models().catch(() => null);
  if (models) {
    const usable = models.filter(installed);
    store.getState().setOfflineModels({ installed: usable.length, kept: usable.filter((m) => m.state === 'cached').length });
  }
}

/** Saves every installed model in this browser; says how it went in a notice. */
export async function makeAvailableOffline(store: EditorStore, client: OfflineClient, signal?: AbortSignal): Promise<void> {
  const s = store.getState();
  if (s.offlineSaving) return;
  // Asked once the operator shows they want the data kept: a browser may grant it only then.
  await navigator.storage?.persist?.().catch(() => false);
  let models: ModelStatus[];
  try {
    models = (await client.models()).filter(installed);
  } catch (e) {
    s.notify('error', 'Could not list the models.', e instanceof Error ? e.message : String(e));
    return;
  }
  const total = models.reduce((n, m) => n + m.bytes, 0) || 1;
  let before = 0;
  const progress = (done: number, current: string | null, within: number) =>
    store.getState().setOfflineSaving({ done, total: models.length, current, fraction: Math.min(1, (before + within) / total) });
  try {
    for (const [i, m] of models.entries()) {
      progress(i, m.id, 0);
      await client.installModel(m.id, { signal, onProgress: (p) => progress(i, m.id, (p.fraction ?? 0) * m.bytes) });
      before += m.bytes;
    }
    progress(models.length, null, 0);
    store
      .getState()
      .notify(
        'info',
        `Available offline: ${models.length} model${models.length === 1 ? '' : 's'} saved in this browser.`,
        'The editor and every installed model now work without a network.',
      );
  } catch (e) {
    const cancelled = (e as { kind?: string; name?: string })?.kind === 'cancelled' || (e as Error)?.name === 'AbortError';
    if (cancelled) store.getState().notify('info', 'Saving for offline use: cancelled.', 'The models saved so far are kept.');
    else store.getState().notify('error', 'Could not save every model for offline use.', e instanceof Error ? e.message : String(e));
  } finally {
    store.getState().setOfflineSaving(null);
    await refreshStorage(store, client);
  }
}

let connected: { store: EditorStore; client: OfflineClient } | null = null;
let saving: AbortController | null = null;

/** The page's store and worker client, for the side panel's buttons; reads the storage use once. */
export function connectOffline(store: EditorStore, client: OfflineClient): void {
  connected = { store, client };
  void refreshStorage(store, client);
}

/** "Make available offline". */
export function startOfflineSave(): void {
  if (!connected || saving) return;
  saving = new AbortController();
  void makeAvailableOffline(connected.store, connected.client, saving.signal).finally(() => (saving = null));
}

export function cancelOfflineSave(): void {
  saving?.abort();
}
