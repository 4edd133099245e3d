// The toolbar's "Import bundle or manifest" button (the action is registered at start-up).
import { actionById, isEnabled } from '../editor/actions.ts';
import { describeShortcut } from '../editor/shortcuts.ts';
import { isMac, useEditor } from './editor-context.ts';
import { Icon } from './icons.tsx';
import { runAction } from './run-action.ts';

export function ImportControl() {
  const action = actionById('import-bundle');
  const enabled = useEditor((s) => (action ? isEnabled(action, s) && s.job === null : false));
  if (!action) return null;
  return (
    <button
      type="button"
      className="btn btn-text collapsible"
      aria-label={action.label}
      disabled={!enabled}
      title={`${action.label}: a .zip bundle, or a manifest .json with its source image (${describeShortcut(action.shortcuts[0], isMac)})`}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => runAction(action)}
    >
      <Icon name="import" />
      <span className="btn-label">Import</span>
    </button>
  );
}
