// Compare slice: showing the image as it was before the last operation result, while a key is
// held or the Compare toggle is on. A view of the history, never an edit.
import type { StateCreator } from 'zustand';
import type { DocumentImage, Edit } from '../edits.ts';
import type { EditorState } from '../store.ts';

export interface CompareSlice {
  comparing: boolean;
  setComparing(on: boolean): void;
}

/** The last applied operation result, or null when the document holds none. */
export function lastResult(done: readonly Edit[]): Extract<Edit, { kind: 'replace-pixels' }> | null {
  for (let i = done.length - 1; i >= 0; i--) {
    const e = done[i];
    if (e.kind === 'replace-pixels') return e;
  }
  return null;
}

/**
 * The image to show instead of the document's while comparing, or null to show the document
 * (also while the history is bringing back that image's dropped bitmap: it follows in a moment).
 */
export function comparedImage(s: Pick<EditorState, 'comparing' | 'history'>): DocumentImage | null {
  const before = s.comparing ? lastResult(s.history.done)?.before : undefined;
  return before && !before.released ? before : null;
}

export const createCompareSlice: StateCreator<EditorState, [], [], CompareSlice> = (set) => ({
  comparing: false,
  setComparing(on) {
    set({ comparing: on });
  },
});
