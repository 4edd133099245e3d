// Notices slice: messages for the user (errors, confirmations) until dismissed, and which
// dialog is open.
import type { StateCreator } from 'zustand';
import type { EditorState } from '../store.ts';

export interface Notice {
  id: number;
  /** error: stays, says nothing changed; warning: stays (something to read); info: closes itself (INFO_MS). */
  kind: 'error' | 'warning' | 'info';
  title: string;
  detail?: string;
  /** Something the user can do about it (e.g. Retry); runs and dismisses the notice. */
  action?: { label: string; run(): void };
}

/** How long an information notice stays before closing itself. */
export const INFO_MS = 5000;

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

/** The most notices shown at once: the stack must not cover the photo. */
export const MAX_NOTICES = 3;

/**
 * The stack after adding `added`: an identical message replaces its older copy, a newer
 * information notice replaces an older one (it only confirms what happened last), and past
 * MAX_NOTICES the oldest go, information first, so an error still to be read stays longest.
 */
export function stackWith(notices: readonly Notice[], added: Notice): Notice[] {
  const out = notices.filter(
    (n) => !(n.title === added.title && n.detail === added.detail) && !(added.kind === 'info' && n.kind === 'info'),
  );
  out.push(added);
  while (out.length > MAX_NOTICES) {
    const info = out.findIndex((n) => n.kind === 'info' && n !== added);
    out.splice(info >= 0 ? info : 0, 1);
  }
  return out;
}

export const createNoticesSlice: StateCreator<EditorState, [], [], NoticesSlice> = (set, get) => ({
  notices: [],
  dialog: null,
  busy: null,
  setBusy(busy) {
    set({ busy });
  },
  notify(kind, title, detail, action) {
    set({ notices: stackWith(get().notices, { id: nextId++, kind, title, detail, ...(action ? { action } : {}) }) });
  },
  dismiss(id) {
    set({ notices: get().notices.filter((n) => n.id !== id) });
  },
  openDialog(dialog) {
    set({ dialog });
  },
});
