// A linear undo history of plain-data entries: what was done, and what was undone and can be
// redone. Recording a new entry drops the redo branch. Pure: every function returns a new value.

export interface History<E> {
  readonly done: readonly E[];
  readonly undone: readonly E[];
}

export function emptyHistory<E>(): History<E> {
  return { done: [], undone: [] };
}

export function record<E>(h: History<E>, entry: E): History<E> {
  return { done: [...h.done, entry], undone: [] };
}

/** The entry to revert and the history after reverting it, or null when nothing is done. */
export function undo<E>(h: History<E>): { entry: E; history: History<E> } | null {
  if (h.done.length === 0) return null;
  const entry = h.done[h.done.length - 1];
  return { entry, history: { done: h.done.slice(0, -1), undone: [...h.undone, entry] } };
}

/** The entry to re-apply and the history after re-applying it, or null when nothing is undone. */
export function redo<E>(h: History<E>): { entry: E; history: History<E> } | null {
  if (h.undone.length === 0) return null;
  const entry = h.undone[h.undone.length - 1];
  return { entry, history: { done: [...h.done, entry], undone: h.undone.slice(0, -1) } };
}
