// A side-panel button for a registered action (label, shortcut in the tooltip, enabled state).
import { actionById, isEnabled, type Action } from '../../editor/actions.ts';
import { describeShortcut } from '../../editor/shortcuts.ts';
import { isMac, useEditor } from '../editor-context.ts';
import { runAction } from '../run-action.ts';

export function PanelAction({ id, primary, label }: { id: string; primary?: boolean; label?: string }) {
  const action = actionById(id) as Action | undefined;
  const enabled = useEditor((s) => (action ? isEnabled(action, s) && !s.busy : false));
  if (!action) return null;
  const key = action.shortcuts[0];
  return (
    <button
      type="button"
      className={`btn btn-text btn-block ${primary ? 'btn-primary' : ''}`}
      disabled={!enabled}
      aria-label={action.label}
      title={key ? `${action.label} (${describeShortcut(key, isMac)})` : action.label}
      onClick={() => runAction(action)}
    >
      {label ?? action.label}
      {key && <kbd>{describeShortcut(key, isMac)}</kbd>}
    </button>
  );
}
