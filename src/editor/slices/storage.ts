// Storage slice: what this browser keeps for the editor. "Make available offline" (models
// saved into the worker's Cache Storage, with progress) and how much space the site uses.
import type { StateCreator } from 'zustand';
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

export interface StorageSlice {
  offlineSaving: OfflineProgress | null;
  offlineModels: OfflineModels | null;
  storageUsage: StorageUsage | null;
  setOfflineSaving(p: OfflineProgress | null): void;
  setOfflineModels(m: OfflineModels): void;
  setStorageUsage(u: StorageUsage): void;
}

export const createStorageSlice: StateCreator<EditorState, [], [], StorageSlice> = (set) => ({
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
