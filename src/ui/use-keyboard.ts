// Global keys: every registered action's shortcuts, Space held for panning, Escape to abandon
// a stroke. Keys typed into text fields are left alone.
import { useEffect } from 'react';
import { allActions, isEnabled } from '../editor/actions.ts';
import { matchesShortcut } from '../editor/shortcuts.ts';
import { actionContext, editorStore, pointerStore } from './editor-context.ts';
import { listen } from './listen.ts';
import { runAction } from './run-action.ts';

function typing(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return true;
  return t instanceof HTMLInputElement && !['range', 'checkbox', 'radio', 'button'].includes(t.type);
}

export function useKeyboard() {
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (typing(e.target) || editorStore.getState().dialog) return;
      if (e.key === ' ') {
        e.preventDefault();
        if (!e.repeat) pointerStore.setState({ spaceHeld: true });
        return;
      }
      if (e.key === 'Escape' && editorStore.getState().live) {
        editorStore.getState().cancelGesture();
        return;
      }
      const action = allActions().find((a) => a.shortcuts.some((s) => matchesShortcut(e, s)));
      if (!action || !isEnabled(action, editorStore.getState())) return;
      e.preventDefault();
      if (!(e.repeat && action.release)) runAction(action);
    };
    const up = (e: KeyboardEvent) => {
      const held = allActions().find((a) => a.release && a.shortcuts.some((s) => matchesShortcut(e, s)));
      if (held) held.release!(actionContext);
      if (e.key === ' ') {
        if (!typing(e.target)) e.preventDefault();
        pointerStore.setState({ spaceHeld: false });
      }
    };
    const blur = () => pointerStore.setState({ spaceHeld: false });
    return listen(window, { keydown: down, keyup: up, blur });
  }, []);
}
