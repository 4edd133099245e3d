// The top bar: file actions, tools, brush size, history and export, all from the registries.
import { actionById, isEnabled, type Action } from '../editor/actions.ts';
import { describeShortcut } from '../editor/shortcuts.ts';
import { BRUSH_MAX, BRUSH_MIN } from '../editor/slices/tools.ts';
import { TOOLS } from '../editor/tools.ts';
import { editorStore, isMac, useEditor } from './editor-context.ts';
import { Icon, type IconName } from './icons.tsx';
import { ImportControl } from './ImportControl.tsx';
import { togglePanel, usePanelOpen } from './panel-drawer.ts';
import { runAction } from './run-action.ts';

const keepFocus = (e: React.MouseEvent) => e.preventDefault(); // so Space pans instead of re-pressing

function tip(label: string, shortcut?: string) {
  return shortcut ? `${label} (${describeShortcut(shortcut, isMac)})` : label;
}

/**
 * A toolbar button with a label. `collapsible`: on a narrow window (styles.css, .collapsible)
 * the label goes and the icon stays, its name in the tooltip and for screen readers, so that
 * every control stays on screen; Export keeps its label.
 */
function ActionButton({ id, icon, text, collapsible }: { id: string; icon: IconName; text?: boolean; collapsible?: boolean }) {
  const action = actionById(id) as Action;
  const enabled = useEditor((s) => isEnabled(action, s));
  return (
    <button
      type="button"
      className={text ? `btn btn-text${collapsible ? ' collapsible' : ''}` : 'btn btn-icon'}
      aria-label={action.label}
      title={tip(action.label, action.shortcuts[0])}
      disabled={!enabled}
      onMouseDown={keepFocus}
      onClick={() => runAction(action)}
    >
      <Icon name={icon} />
      {text && <span className="btn-label">{action.label}</span>}
    </button>
  );
}

const TOOL_ICON: Record<string, IconName> = { brush: 'brush', eraser: 'eraser', rectangle: 'rectangle', pan: 'pan', region: 'region' };

/** Shows the image before the last operation while pressed (or hold the backslash key). */
function CompareToggle() {
  const action = actionById('compare') as Action;
  const { enabled, on } = useEditor((s) => ({ enabled: isEnabled(action, s), on: s.comparing }));
  return (
    <button
      type="button"
      className="btn btn-text collapsible"
      aria-label="Compare"
      aria-pressed={on}
      title={tip('Compare with the image before the last operation', action.shortcuts[0]) + ' (hold)'}
      disabled={!enabled}
      onMouseDown={keepFocus}
      onClick={() => runAction(action)}
    >
      <Icon name="compare" />
      <span className="btn-label">Compare</span>
    </button>
  );
}

function ToolButtons() {
  const { tool, hasDoc } = useEditor((s) => ({ tool: s.tool, hasDoc: s.doc !== null }));
  return (
    <div className="segmented" role="group" aria-label="Tools">
      {TOOLS.map((t) => (
        <button
          key={t.id}
          type="button"
          className="btn btn-icon"
          aria-label={t.label}
          aria-pressed={tool === t.id}
          title={`${tip(t.label, t.shortcut)}: ${t.hint}`}
          disabled={!hasDoc}
          onMouseDown={keepFocus}
          onClick={() => editorStore.getState().setTool(t.id)}
        >
          <Icon name={TOOL_ICON[t.id]} />
        </button>
      ))}
    </div>
  );
}

function BrushSize() {
  const { size, hasDoc } = useEditor((s) => ({ size: s.brushSize, hasDoc: s.doc !== null }));
  // The slider moves on a square-root scale so small sizes stay precise.
  const toSlider = (v: number) => Math.round(Math.sqrt(v) * 100);
  const fromSlider = (v: number) => (v / 100) ** 2;
  return (
    <label className="brush-size" title="Brush size in image pixels ([ and ])">
      <span className="label">Size</span>
      <input
        type="range"
        aria-label="Brush size"
        aria-valuetext={`${size} pixels`}
        disabled={!hasDoc}
        min={toSlider(BRUSH_MIN)}
        max={toSlider(BRUSH_MAX)}
        value={toSlider(size)}
        onChange={(e) => editorStore.getState().setBrushSize(fromSlider(Number(e.target.value)))}
      />
      <output className="value">{size} px</output>
    </label>
  );
}

/** Shows or hides the side panel over the photo; only on windows too narrow for its column (styles.css). */
function PanelToggle() {
  const open = usePanelOpen();
  return (
    <button
      type="button"
      className="btn btn-icon panel-toggle"
      aria-label="Operations"
      aria-expanded={open}
      aria-controls="side-panel"
      title={open ? 'Hide the operations panel (Escape)' : 'Show the operations panel: Remove, text, redaction, upscaling, runtime'}
      onMouseDown={keepFocus}
      onClick={togglePanel}
    >
      <Icon name="panel" />
    </button>
  );
}

export function Toolbar() {
  return (
    <header className="toolbar">
      <h1 className="brand">
        <span className="logo" aria-hidden="true" />
        cleanplate
      </h1>
      <ActionButton id="open-image" icon="open" text collapsible />
      <ImportControl />
      <span className="sep" />
      <ToolButtons />
      <BrushSize />
      <span className="sep" />
      <ActionButton id="undo" icon="undo" />
      <ActionButton id="redo" icon="redo" />
      <ActionButton id="clear-mask" icon="clear" text collapsible />
      <CompareToggle />
      <span className="spacer" />
      <a
        className="btn btn-text collapsible"
        href="/review"
        aria-label="Review queue"
        target="_blank"
        rel="noopener"
        title="Jobs on this server waiting for a moderator's decision (needs a reviewer token)"
      >
        <Icon name="queue" />
        <span className="btn-label">Review queue</span>
      </a>
      <ActionButton id="export" icon="export" text />
      <PanelToggle />
    </header>
  );
}
