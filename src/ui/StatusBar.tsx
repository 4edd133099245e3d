// The bottom bar: zoom level and controls, image size, pointer position, tool hint.
import { actionById, isEnabled } from '../editor/actions.ts';
import { describeShortcut } from '../editor/shortcuts.ts';
import { toolById } from '../editor/tools.ts';
import { activeReview } from '../editor/slices/text-review.ts';
import { editorStore, isMac, useEditor, usePointer } from './editor-context.ts';
import { Icon, type IconName } from './icons.tsx';
import { runAction } from './run-action.ts';

function ZoomButton({ id, icon, text }: { id: string; icon?: IconName; text?: string }) {
  const a = actionById(id)!;
  const enabled = useEditor((s) => isEnabled(a, s));
  return (
    <button
      type="button"
      className="btn btn-small"
      aria-label={a.label}
      title={`${a.label} (${describeShortcut(a.shortcuts[0], isMac)})`}
      disabled={!enabled}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => runAction(a)}
    >
      {icon ? <Icon name={icon} size={15} /> : text}
    </button>
  );
}

function PointerPosition() {
  const at = usePointer((p) => p.at);
  return (
    <span className="coords" aria-label="Pointer position">
      {at ? `${at[0]}, ${at[1]}` : '–'}
    </span>
  );
}

function JobProgress() {
  const job = useEditor((s) => s.job);
  if (!job) return null;
  const f = job.progress?.fraction;
  return (
    <span className="busy" role="status" aria-label={`${job.label} in progress`}>
      <span className="spinner" />
      {job.label}
      {job.progress ? ` · ${job.progress.stage}` : '…'}
      {f !== undefined && <progress max={1} value={f} aria-label="Progress" />}
      <button type="button" className="btn btn-small btn-text" onClick={() => editorStore.getState().cancelJob()}>
        Cancel
      </button>
    </span>
  );
}

/** Whether the open document's edits are kept in this browser (autosave), and since when. */
function AutosaveState() {
  const status = useEditor((s) => s.autosave);
  if (!status) return null;
  const text =
    status.state === 'saved'
      ? `Saved in this browser ${new Date(status.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
      : 'Not saved in this browser';
  return (
    <span
      className={`status-item ${status.state === 'failed' ? 'warn' : ''}`}
      aria-label="Autosave"
      title={status.state === 'failed' ? status.reason : text}
    >
      {text}
    </span>
  );
}

/** Where the last operation ran (this browser's WASM or WebGPU, or the server), and how long it took. */
function LastRan() {
  const line = useEditor((s) => s.lastRan);
  if (!line) return null;
  return (
    <span className="status-item last-ran" aria-label="Last operation ran" title={line}>
      {line}
    </span>
  );
}

export function StatusBar() {
  const { doc, scale, tool, busy, reviewing } = useEditor((s) => ({
    doc: s.doc,
    scale: s.scale,
    tool: s.tool,
    busy: s.busy,
    reviewing: activeReview(s) !== null,
  }));
  const hint =
    reviewing && tool !== 'pan' && tool !== 'region'
      ? 'Click a box to select it (Delete drops it) · drag it or its handles to adjust · drag on the photo to add one · Enter accepts'
      : toolById(tool).hint;
  return (
    <footer className="statusbar">
      <div className="zoom">
        <ZoomButton id="zoom-out" icon="zoomOut" />
        <output className="zoom-level" aria-label="Zoom level">
          {doc ? `${(scale * 100).toFixed(scale < 0.1 ? 1 : 0)}%` : '–'}
        </output>
        <ZoomButton id="zoom-in" icon="zoomIn" />
        <ZoomButton id="zoom-fit" text="Fit" />
        <ZoomButton id="zoom-100" text="100%" />
      </div>
      {doc && (
        <>
          <span className="status-item" aria-label="Image size">
            {doc.image.width} × {doc.image.height} px
          </span>
          <PointerPosition />
          <span className="status-item hint">{hint} · Space+drag or middle button to pan · wheel to zoom</span>
        </>
      )}
      <span className="spacer" />
      {doc && <LastRan />}
      {doc && <AutosaveState />}
      <JobProgress />
      {busy && (
        <span className="busy" role="status">
          <span className="spinner" />
          {busy}
        </span>
      )}
    </footer>
  );
}
