// Notices slice: messages for the user (errors, confirmations) until dismissed, and which
// dialog is open.
import type { StateCreator } from 'zustand';
import type { EditorState } from '../store.ts';

export interface Notice {
  id: number;
  /** error: stays, says nothing changed; warning: stays (something to read); info: fades. */
  kind: 'error' | 'warning' | 'info';
  title: string;
  detail?: string;
  /** Something the user can do about it (e.g. Retry); runs and dismisses the notice. */
  action?: { label: string; run(): void };
}

export type DialogId = 'export' | null;

export interface NoticesSlice {
  notices: Notice[];
  dialog: DialogId;
  /** What the editor is busy with (shown as progress), or null. */
  busy: string | null;
  setBusy(busy: string | null): void;
  notify(kind: Notice['kind'], title: string, detail?: string, action?: Notice['action']): void;
  dismiss(id: number): void;
  openDialog(dialog: DialogId): void;
}

let nextId = 1;

export const createNoticesSlice: StateCreator<EditorState, [], [], NoticesSlice> = (set, get) => ({
  notices: [],
  dialog: null,
  busy: null,
  setBusy(busy) {
    set({ busy });
  },
  notify(kind, title, detail, action) {
    // Keep the newest few; an identical message replaces its older copy.
    const rest = get()
      .notices.filter((n) => n.title !== title || n.detail !== detail)
      .slice(-3);
    set({ notices: [...rest, { id: nextId++, kind, title, detail, ...(action ? { action } : {}) }] });
  },
  dismiss(id) {
    set({ notices: get().notices.filter((n) => n.id !== id) });
  },
  openDialog(dialog) {
    set({ dialog });
  },
});
