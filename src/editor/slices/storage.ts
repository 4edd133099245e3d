// Storage slice: what this browser keeps for the editor. Autosaved documents (the recent list,
// how the open one's saving stands), "Make available offline" (models saved into the worker's
// Cache Storage, with progress) and how much space the site uses.
import type { StateCreator } from 'zustand';
import type { SavedSummary } from '../autosave/saved-document.ts';
import type { EditorState } from '../store.ts';

export interface OfflineProgress {
  /** Models saved so far, of `total`. */
  done: number;
  total: number;
  /** 0..1 over every model's bytes. */
  fraction: number;
  /** The model being saved now. */
  current: string | null;
}

export interface StorageUsage {
  /** Bytes this site uses and may use (navigator.storage.estimate). */
  used: number;
  quota: number;
  /** The browser promised not to clear it under storage pressure. */
  persisted: boolean;
}

export interface OfflineModels {
  /** Installed models (on the server or already here) and how many of them this browser keeps. */
  installed: number;
  kept: number;
}

/** How autosave of the open document stands. */
export type AutosaveStatus =
  | { state: 'saved'; at: number }
  /** Saving failed: the edit itself stands; `reason` says why nothing was kept. */
  | { state: 'failed'; reason: string };

export interface StorageSlice {
  /** Documents kept by autosave, newest first (the open one included). */
  recent: SavedSummary[];
  /** The key the open document is saved under, or null before its first save. */
  savedKey: string | null;
  autosave: AutosaveStatus | null;
  setRecent(recent: SavedSummary[]): void;
  setAutosave(savedKey: string | null, autosave: AutosaveStatus | null): void;
  offlineSaving: OfflineProgress | null;
  offlineModels: OfflineModels | null;
  storageUsage: StorageUsage | null;
  setOfflineSaving(p: OfflineProgress | null): void;
  setOfflineModels(m: OfflineModels): void;
  setStorageUsage(u: StorageUsage): void;
}

export const createStorageSlice: StateCreator<EditorState, [], [], StorageSlice> = (set) => ({
  recent: [],
  savedKey: null,
  autosave: null,
  setRecent(recent) {
    set({ recent });
  },
  setAutosave(savedKey, autosave) {
    set({ savedKey, autosave });
  },
  offlineSaving: null,
  offlineModels: null,
  storageUsage: null,
  setOfflineSaving(offlineSaving) {
    set({ offlineSaving });
  },
  setOfflineModels(offlineModels) {
    set({ offlineModels });
  },
  setStorageUsage(storageUsage) {
    set({ storageUsage });
  },
});
