// Undo and redo pressed while the history rebuilds a dropped frame are queued and applied in
// order once it is back: N presses make N steps. A cancelled rebuild drops them and says so.
// The worker's rebuild is the port the store is given (connectFrameRebuilder); here each
// rebuild waits until the test lets it finish, as a slow worker would.
import { describe, expect, it } from 'vitest';
import type { DocumentImage, Edit } from './edits.ts';
import { createEditorStore, type EditorStore } from './store.ts';

const frame = (): DocumentImage => ({ width: 40, height: 30, source: {} as CanvasImageSource });

/** A document whose history holds `count` results; frames[i] is the image after i results. */
function withResults(count: number): { store: EditorStore; frames: DocumentImage[] } {
  const store = createEditorStore();
  store.getState().setViewSize(400, 300);
  const frames = [frame()];
  store
    .getState()
    .openDocument(
      { name: 'p.png', format: 'png', mime: 'image/png', bytes: 1, sha256: 'ab'.repeat(32), hasAlpha: false, width: 40, height: 30 },
      frames[0],
    );
  for (let i = 1; i <= count; i++) {
    frames.push(frame());
    const edit: Edit = { kind: 'replace-pixels', step: { op: 'inpaint' }, before: frames[i - 1], after: frames[i] };
    store.getState().apply(edit);
  }
  return { store, frames };
}

type State = ReturnType<EditorStore['getState']>;

/** Resolves once the store's state meets `ok` (checked now and on every change). */
function until(store: EditorStore, ok: (s: State) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (ok(store.getState())) return resolve();
    const stop = store.subscribe((s) => {
      if (!ok(s)) return;
      stop();
      resolve();
    });
  });
}

/** A rebuilder that holds each frame's rebuild until `finish` or `fail` (one per frame, as the real one). */
function slowRebuilder(store: EditorStore) {
  const waiting = new Map<DocumentImage, { promise: Promise<void>; resolve(): void; reject(e: unknown): void }>();
  store.getState().connectFrameRebuilder(async (image) => {
    let entry = waiting.get(image);
    if (!entry) {
      let resolve!: () => void, reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      entry = { promise, resolve, reject };
      waiting.set(image, entry);
    }
    await entry.promise;
    image.released = false;
  });
  return {
    /** Lets the rebuild of `image` finish, then waits for the store to reach `then`. */
    finish(image: DocumentImage, then: (s: State) => boolean) {
      waiting.get(image)!.resolve();
      return until(store, then);
    },
    fail(image: DocumentImage, e: unknown, then: (s: State) => boolean) {
      waiting.get(image)!.reject(e);
      waiting.delete(image); // a later rebuild of it starts afresh
      return until(store, then);
    },
  };
}

const shown = (s: EditorStore) => s.getState().doc!.image;
const steps = (s: EditorStore) => s.getState().history.done.length;
const at = (n: number) => (s: State) => s.history.done.length === n;

describe('undo and redo during a rebuild', () => {
  it('three fast undos onto dropped frames give three steps, each frame rebuilt in turn', async () => {
    const { store, frames } = withResults(4);
    const worker = slowRebuilder(store);
    for (const f of frames.slice(1, 4)) f.released = true;
    for (let i = 0; i < 3; i++) store.getState().undo();
    expect(store.getState().rebuilding).toBe(true);
    expect(store.getState().job?.label).toBe('Undo: rebuilding the image (2 more steps queued)');
    expect(steps(store)).toBe(4);
    await worker.finish(frames[3], at(3));
    expect(shown(store)).toBe(frames[3]);
    expect(store.getState().rebuilding).toBe(true); // the next undo waits for frame 2
    expect(store.getState().job?.label).toBe('Undo: rebuilding the image (1 more step queued)');
    await worker.finish(frames[2], at(2));
    await worker.finish(frames[1], at(1));
    expect(shown(store)).toBe(frames[1]);
    expect(store.getState().rebuilding).toBe(false);
    expect(store.getState().job).toBeNull();
  });

  it('applies undo and redo in the order they were pressed', async () => {
    const { store, frames } = withResults(3);
    const worker = slowRebuilder(store);
    frames[2].released = true;
    const s = store.getState();
    expect(s.canRedo()).toBe(false);
    s.undo(); // to frame 2: rebuilt first
    expect(s.canRedo()).toBe(true); // Redo counts the undo on its way: the button and key take it
    s.undo(); // to frame 1 (held)
    s.redo(); // back to frame 2
    s.undo(); // and to frame 1 again
    s.undo(); // to frame 0
    expect(store.getState().job?.label).toBe('Undo: rebuilding the image (4 more steps queued)');
    await worker.finish(frames[2], at(0));
    expect(shown(store)).toBe(frames[0]);
    expect(store.getState().history.undone).toHaveLength(3);
  });

  it('takes no more queued presses than there are steps', async () => {
    const { store, frames } = withResults(2);
    const worker = slowRebuilder(store);
    frames[1].released = true;
    for (let i = 0; i < 5; i++) store.getState().undo(); // two steps to undo
    expect(store.getState().job?.label).toBe('Undo: rebuilding the image (1 more step queued)');
    expect(store.getState().canUndo()).toBe(false);
    await worker.finish(frames[1], at(0));
    expect(shown(store)).toBe(frames[0]);
  });

  it('a cancelled rebuild leaves the history where it was and drops the queued presses, saying so', async () => {
    const { store, frames } = withResults(3);
    const worker = slowRebuilder(store);
    frames[2].released = true;
    store.getState().undo();
    store.getState().undo();
    store.getState().redo();
    await worker.fail(frames[2], new DOMException('Cancelled by the user.', 'AbortError'), (s) => !s.rebuilding);
    expect([steps(store), shown(store)]).toEqual([3, frames[3]]);
    expect(store.getState().notices.at(-1)).toMatchObject({
      kind: 'info',
      title: 'Undo: cancelled.',
      detail: 'The history stays where it was. The 2 presses of Undo or Redo made meanwhile were dropped.',
    });
    // Nothing left over: the next press is one step.
    store.getState().undo();
    await worker.finish(frames[2], (s) => !s.rebuilding);
    expect([steps(store), shown(store)]).toEqual([2, frames[2]]);
  });
});
