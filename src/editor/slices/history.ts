// History slice: undo/redo over plain-data edits, one entry per gesture, applied to the mask
// by recomputing only the region the edit touched.
import type { StateCreator } from 'zustand';
import { emptyHistory, record, redo, undo, type History } from '../../core/history.ts';
import { rasteriseStroke, strokeBounds } from '../../core/strokes.ts';
import type { Box } from '../../core/types.ts';
import { liveStrokes, redrawMask, type Edit } from '../edits.ts';
import type { EditorState } from '../store.ts';

export interface HistorySlice {
  history: History<Edit>;
  canUndo(): boolean;
  canRedo(): boolean;
  /** Records an edit whose effect is already applied (a finished stroke). */
  commit(edit: Edit): void;
  /** Applies and records an edit (clear mask, replace pixels). */
  apply(edit: Edit): void;
  undo(): void;
  redo(): void;
  clearMask(): void;
}

export const createHistorySlice: StateCreator<EditorState, [], [], HistorySlice> = (set, get) => {
  const fullBox = (): Box | null => {
    const m = get().mask;
    return m ? [0, 0, m.width, m.height] : null;
  };

  /** Brings mask and image in line with `history` after `edit` was applied or reverted. */
  function sync(edit: Edit, history: History<Edit>, reverted: boolean): void {
    const { mask, doc } = get();
    if (!mask || !doc) return;
    set({ history });
    if (edit.kind === 'replace-pixels') {
      set({ doc: { ...doc, image: reverted ? edit.before : edit.after } });
    }
    if (edit.kind === 'stroke' && !reverted) {
      get().maskChanged(rasteriseStroke(mask, edit.stroke));
      return;
    }
    const box = edit.kind === 'stroke' ? strokeBounds(edit.stroke, mask.width, mask.height) : fullBox();
    if (!box) return;
    redrawMask(mask, liveStrokes(history.done), box);
    get().maskChanged(box);
  }

  return {
    history: emptyHistory(),
    canUndo: () => get().history.done.length > 0,
    canRedo: () => get().history.undone.length > 0,
    commit(edit) {
      set({ history: record(get().history, edit) });
    },
    apply(edit) {
      if (!get().doc) return;
      sync(edit, record(get().history, edit), false);
    },
    undo() {
      if (get().live) get().cancelGesture();
      const r = undo(get().history);
      if (r) sync(r.entry, r.history, true);
    },
    redo() {
      if (get().live) return;
      const r = redo(get().history);
      if (r) sync(r.entry, r.history, false);
    },
    clearMask() {
      const { mask } = get();
      if (!mask || liveStrokes(get().history.done).length === 0) return;
      get().apply({ kind: 'clear-mask' });
    },
  };
};
