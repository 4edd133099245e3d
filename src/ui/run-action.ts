// Runs a registered action from a click or a key, reporting unexpected failures to the user.
import { actionById, isEnabled, type Action } from '../editor/actions.ts';
import { actionContext, editorStore } from './editor-context.ts';

export function runAction(action: Action | string): void {
  const a = typeof action === 'string' ? actionById(action) : action;
  if (!a || !isEnabled(a, editorStore.getState())) return;
  Promise.resolve()
    .then(() => a.run(actionContext))
    .catch((e: unknown) => editorStore.getState().notify('error', `${a.label} failed.`, e instanceof Error ? e.message : String(e)));
}
