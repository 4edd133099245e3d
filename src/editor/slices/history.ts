// History slice: undo/redo over plain-data edits, one entry per gesture or result, applied to
// the mask by recomputing only the region the edit touched. The results' full-size bitmaps are
// held within a memory budget (history-memory.ts): older frames are dropped, and an undo or redo
// onto a dropped frame rebuilds it in the worker first, with progress and Cancel. Undo and redo
// pressed meanwhile are queued and applied in order once it is back, so N presses make N steps;
// a cancelled or failed rebuild drops them, and says so.
import type { StateCreator } from 'zustand';
import { emptyHistory, record, redo, undo, type History } from '../../core/history.ts';
import { rasteriseStroke, unionBox } from '../../core/strokes.ts';
import type { Box, Mask } from '../../core/types.ts';
import { liveStrokes, redrawMask, releaseImage, strokesBounds, type DocumentImage, type Edit } from '../edits.ts';
import { defaultHistoryBudget, frameRoutes, framesToRelease, historyFrames } from '../history-memory.ts';
import type { FrameRebuilder } from '../history-rebuild.ts';
import type { JobHandle } from './jobs.ts';
import type { EditorState } from '../store.ts';

export interface HistorySlice {
  history: History<Edit>;
  /** Whether Undo (Redo) has a step to go to, counting the presses queued behind a rebuild. */
  canUndo(): boolean;
  canRedo(): boolean;
  /** Records an edit whose effect is already applied (a finished stroke). */
  commit(edit: Edit): void;
  /** Applies and records an edit (operation strokes, clear mask, replace pixels). */
  apply(edit: Edit): void;
  /** Applies and records edits in order, as one apply each (a replayed manifest's steps). */
  applyAll(edits: readonly Edit[]): void;
  undo(): void;
  redo(): void;
  clearMask(): void;
  /** Bytes of full-size bitmaps the history may hold; null: the default for the image and device (defaultHistoryBudget). */
  historyBudget: number | null;
  setHistoryBudget(bytes: number | null): void;
  /**
   * Lets the history drop frames beyond its budget, rebuilding them with `rebuild` (none is
   * dropped before); `diskless` says whether the worker keeps no copies on disk (no OPFS).
   */
  connectFrameRebuilder(rebuild: FrameRebuilder, diskless?: () => boolean): void;
  /** Whether an undo or redo is rebuilding a dropped frame now. */
  rebuilding: boolean;
}

/** What the browser says of its memory, in GB (Chromium only; rounded and capped). */
const deviceMemory = () => (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;

const blankMask = (w: number, h: number): Mask => ({ width: w, height: h, data: new Uint8Array(w * h) });

export const createHistorySlice: StateCreator<EditorState, [], [], HistorySlice> = (set, get) => {
  let rebuilder: FrameRebuilder | null = null;
  let diskless = () => false;
  /** The document the "no disk" notice was shown for (once per document). */
  let noDiskNoticeFor: number | null = null;
  /** Undo and redo pressed while a frame was being rebuilt, in order; the rebuild's job shows how many. */
  let queued: Array<'undo' | 'redo'> = [];
  let rebuildJob: { handle: JobHandle; label: string; press: 'undo' | 'redo' } | null = null;

  /**
   * Steps there will be to undo and to redo once the rebuild running and the queued presses
   * land: what Undo and Redo are enabled by, so a Redo pressed behind a queued Undo counts.
   */
  function ahead(): { undo: number; redo: number } {
    const { done, undone } = get().history;
    const at = { undo: done.length, redo: undone.length };
    for (const press of [...(rebuildJob ? [rebuildJob.press] : []), ...queued]) {
      const [from, to] = press === 'undo' ? (['undo', 'redo'] as const) : (['redo', 'undo'] as const);
      if (at[from] > 0) {
        at[from]--;
        at[to]++;
      }
    }
    return at;
  }

  function queue(press: 'undo' | 'redo'): void {
    if (ahead()[press] === 0) return; // nothing left to step to
    queued.push(press);
    showQueued();
  }

  /** The rebuild's label with how many presses wait behind it. */
  function showQueued(): void {
    const n = queued.length;
    if (rebuildJob && n) rebuildJob.handle.setLabel(`${rebuildJob.label} (${n} more ${n === 1 ? 'step' : 'steps'} queued)`);
  }

  /** Applies the queued presses in order, until one has to wait for a rebuild of its own. */
  function applyQueued(): void {
    while (queued.length && !get().rebuilding) {
      const press = queued.shift()!;
      if (press === 'undo') get().undo();
      else get().redo();
    }
  }

  /** Forgets the queued presses; the words to add to a notice about it ('' when there were none). */
  function dropQueued(): string {
    const n = queued.length;
    queued = [];
    return n ? ` The ${n} ${n === 1 ? 'press' : 'presses'} of Undo or Redo made meanwhile ${n === 1 ? 'was' : 'were'} dropped.` : '';
  }

  /** Drops the frames beyond the budget, farthest from the one shown first. */
  function keepWithinBudget(): void {
    const { doc, history, historyBudget } = get();
    if (!rebuilder || !doc) return;
    const f = historyFrames(history.done, history.undone);
    if (!f) return;
    const dropped = framesToRelease(f, historyBudget ?? defaultHistoryBudget(doc.image, deviceMemory()));
    if (dropped.length && diskless() && noDiskNoticeFor !== doc.id) {
      noDiskNoticeFor = doc.id;
      // A warning (it stays): an information notice would be replaced by the operation's own.
      get().notify(
        'warning',
        'Older steps are kept as their changes only.',
        'This browser keeps no copies on disk (no Origin Private File System), so undo rebuilds an older step from the image next to it and what changed; the history stays complete.',
      );
    }
    for (const image of dropped) {
      image.released = true;
      // Not shown now; a draw already scheduled must not meet a closed bitmap.
      const held = { ...image };
      setTimeout(() => releaseImage(held), 1000);
    }
  }

  /** Puts a dropped frame back (background: no progress); false when it could not be. */
  async function rebuild(image: DocumentImage, opts?: Parameters<FrameRebuilder>[2]): Promise<boolean> {
    const { history, doc } = get();
    const f = historyFrames(history.done, history.undone);
    const index = f?.frames.indexOf(image) ?? -1;
    if (!rebuilder || !f || index < 0 || !doc) return false;
    await rebuilder(image, frameRoutes(f, index), opts);
    return true;
  }

  /** After the history moved: drop what the budget says, and bring back the frame Compare shows. */
  function afterMove(): void {
    keepWithinBudget();
    const f = historyFrames(get().history.done, get().history.undone);
    const compared = f && f.current > 0 ? f.frames[f.current - 1] : null;
    if (compared?.released) void rebuild(compared).catch(() => undefined);
  }

  /**
   * Moves the history to `r` (undo or redo): at once when the frame it shows is held, else
   * after rebuilding it as a job (progress, Cancel; a failure leaves the history where it was).
   */
  async function move(r: { entry: Edit; history: History<Edit> }, reverted: boolean, label: string): Promise<void> {
    const target = r.entry.kind === 'replace-pixels' ? (reverted ? r.entry.before : r.entry.after) : null;
    if (target?.released) {
      const from = get().history;
      const jobLabel = `${label}: rebuilding the image`;
      const handle = get().startJob(jobLabel);
      if (!handle) {
        const dropped = dropQueued();
        return get().notify('info', `${label} waits for the running job.`, `Press it again when the job has finished.${dropped}`);
      }
      rebuildJob = { handle, label: jobLabel, press: reverted ? 'undo' : 'redo' };
      showQueued(); // a rebuild started from the queue: the rest still wait
      set({ rebuilding: true });
      try {
        if (!(await rebuild(target, { signal: handle.signal, onProgress: handle.onProgress })))
          throw new Error('This step is no longer in the history.');
      } catch (e) {
        const cancelled = (e as { kind?: string })?.kind === 'cancelled' || (e as Error)?.name === 'AbortError';
        const dropped = dropQueued();
        if (cancelled) get().notify('info', `${label}: cancelled.`, `The history stays where it was.${dropped}`);
        else
          get().notify(
            'error',
            `${label} failed.`,
            `${e instanceof Error ? e.message : String(e)} The history stays where it was.${dropped}`,
          );
        return;
      } finally {
        rebuildJob = null;
        set({ rebuilding: false });
        handle.done();
      }
      // The document moved on meanwhile (another opened): the presses were meant for the old one.
      if (get().history !== from || target.released) return void dropQueued();
    }
    sync(r.entry, r.history, reverted);
    afterMove();
    applyQueued();
  }

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
    historyBudget: null,
    rebuilding: false,
    setHistoryBudget(bytes) {
      set({ historyBudget: bytes });
      keepWithinBudget();
    },
    connectFrameRebuilder(rebuild, noDisk) {
      rebuilder = rebuild;
      if (noDisk) diskless = noDisk;
    },
    canUndo: () => ahead().undo > 0,
    canRedo: () => ahead().redo > 0,
    commit(edit) {
      set({ history: record(get().history, edit) });
    },
    apply(edit) {
      get().applyAll([edit]);
    },
    applyAll(edits) {
      if (!get().doc) return;
      if (get().live) get().cancelGesture();
      for (const edit of edits) sync(edit, record(get().history, edit), false);
      // Once, at the end: the frames in between are never shown.
      if (edits.some((e) => e.kind === 'replace-pixels')) afterMove();
    },
    undo() {
      // Mid-stroke, undo abandons the stroke being drawn and nothing more.
      if (get().live) return get().cancelGesture();
      if (get().rebuilding) return queue('undo'); // applied in order once the frame is back
      const r = undo(get().history);
      if (r) void move(r, true, 'Undo');
    },
    redo() {
      if (get().live) return;
      if (get().rebuilding) return queue('redo');
      const r = redo(get().history);
      if (r) void move(r, false, 'Redo');
    },
    clearMask() {
      if (!get().mask || liveStrokes(get().history.done).length === 0) return;
      get().apply({ kind: 'clear-mask' });
    },
  };
};
