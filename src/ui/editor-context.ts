// The one editor store of the page, its host adapter, and the React hook to read it.
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { createStore } from 'zustand/vanilla';
import type { ActionContext } from '../editor/actions.ts';
import type { EditorHost } from '../editor/host.ts';
import { createEditorStore, type EditorState } from '../editor/store.ts';

export const editorStore = createEditorStore();

/** Pointer facts only the UI cares about, kept apart so moving the mouse re-renders little. */
export interface PointerState {
  /** Source pixel under the pointer, or null when it is off the image. */
  at: [number, number] | null;
  spaceHeld: boolean;
  panning: boolean;
}
export const pointerStore = createStore<PointerState>()(() => ({ at: null, spaceHeld: false, panning: false }));

let fileInput: HTMLInputElement | null = null;
/** The page's hidden file input (rendered by App), used by the Open image action. */
export function setFileInput(input: HTMLInputElement | null): void {
  fileInput = input;
}

const host: EditorHost = {
  pickFile() {
    return new Promise((resolve) => {
      const input = fileInput;
      if (!input) return resolve(null);
      input.value = '';
      const done = () => {
        input.removeEventListener('change', done);
        input.removeEventListener('cancel', done);
        resolve(input.files?.[0] ?? null);
      };
      input.addEventListener('change', done);
      input.addEventListener('cancel', done);
      input.click();
    });
  },
  pickFiles(accept) {
    // A one-off input: several files at once (a manifest and its image), other types than images.
    return new Promise((resolve) => {
      const input = Object.assign(document.createElement('input'), { type: 'file', multiple: true, accept });
      input.addEventListener('change', () => resolve([...(input.files ?? [])]), { once: true });
      input.addEventListener('cancel', () => resolve([]), { once: true });
      input.click();
    });
  },
  download(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  },
};

export const actionContext: ActionContext = { store: editorStore, host };

export function useEditor<T>(selector: (s: EditorState) => T): T {
  return useStore(editorStore, useShallow(selector));
}

export function usePointer<T>(selector: (s: PointerState) => T): T {
  return useStore(pointerStore, useShallow(selector));
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
