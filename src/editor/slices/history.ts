// History slice: undo/redo over plain-data edits, one entry per gesture or result, applied to
// the mask by recomputing only the region the edit touched.
import type { StateCreator } from 'zustand';
import { emptyHistory, record, redo, undo, type History } from '../../core/history.ts';
import { rasteriseStroke, unionBox } from '../../core/strokes.ts';
import type { Box, Mask } from '../../core/types.ts';
import { liveStrokes, redrawMask, strokesBounds, type DocumentImage, type Edit } from '../edits.ts';
import type { EditorState } from '../store.ts';

export interface HistorySlice {
  history: History<Edit>;
  canUndo(): boolean;
  canRedo(): boolean;
  /** Records an edit whose effect is already applied (a finished stroke). */
  commit(edit: Edit): void;
  /** Applies and records an edit (operation strokes, clear mask, replace pixels). */
  apply(edit: Edit): void;
  undo(): void;
  redo(): void;
  clearMask(): void;
}

const blankMask = (w: number, h: number): Mask => ({ width: w, height: h, data: new Uint8Array(w * h) });

export const createHistorySlice: StateCreator<EditorState, [], [], HistorySlice> = (set, get) => {
  /** Shows `image`; a different size needs a new mask (the stage makes a new overlay for it). */
  function showImage(image: DocumentImage): boolean {
    const { doc, mask } = get();
    if (!doc || !mask) return false;
    const resized = image.width !== mask.width || image.height !== mask.height;
    set({ doc: { ...doc, image }, ...(resized ? { mask: blankMask(image.width, image.height) } : {}) });
    if (resized) get().fitToView();
    return resized;
  }

  /** Brings mask and image in line with `history` after `edit` was applied or reverted. */
  function sync(edit: Edit, history: History<Edit>, reverted: boolean): void {
    if (!get().doc || !get().mask) return;
    const livedBefore = liveStrokes(get().history.done);
    set({ history });
    if (edit.kind === 'replace-pixels') showImage(reverted ? edit.before : edit.after);
    const mask = get().mask!;
    if (edit.kind === 'mask' && !reverted) {
      get().maskChanged(edit.strokes.reduce<Box | null>((b, s) => unionBox(b, rasteriseStroke(mask, s)), null));
      return;
    }
    // Only where strokes were or now are: repainting a 24 MP overlay whole is a long task.
    const box =
      edit.kind === 'mask'
        ? strokesBounds(edit.strokes, mask.width, mask.height)
        : unionBox(strokesBounds(livedBefore, mask.width, mask.height), strokesBounds(liveStrokes(history.done), mask.width, mask.height));
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
      if (get().live) get().cancelGesture();
      sync(edit, record(get().history, edit), false);
    },
    undo() {
      // Mid-stroke, undo abandons the stroke being drawn and nothing more.
      if (get().live) return get().cancelGesture();
      const r = undo(get().history);
      if (r) sync(r.entry, r.history, true);
    },
    redo() {
      if (get().live) return;
      const r = redo(get().history);
      if (r) sync(r.entry, r.history, false);
    },
    clearMask() {
      if (!get().mask || liveStrokes(get().history.done).length === 0) return;
      get().apply({ kind: 'clear-mask' });
    },
  };
};
