// The right panel: mask display, facts about the image, the operations (Remove, Text, Upscale
// and any other registered one), shortcuts.
import { useEffect } from 'react';
import { allActions, isEnabled } from '../editor/actions.ts';
import { describeShortcut } from '../editor/shortcuts.ts';
import { editorStore, isMac, useEditor } from './editor-context.ts';
import { listen } from './listen.ts';
import { closePanel, usePanelOpen } from './panel-drawer.ts';
import { runAction } from './run-action.ts';
import { RedactSection } from './panels/RedactSection.tsx';
import { RemoveSection } from './panels/RemoveSection.tsx';
import { ReviewSection, TextSection } from './panels/TextSection.tsx';
import { OfflineSection } from './panels/OfflineSection.tsx';
import { RecentDocuments } from './RecentDocuments.tsx';
import { RuntimeSection } from './panels/RuntimeSection.tsx';
import { UpscaleSection } from './panels/UpscaleSection.tsx';

/** Operations with their own panel section; any other registered operation gets a plain button. */
const SECTIONED = new Set([
  'remove',
  'detect-text',
  'remove-text',
  'redact-faces',
  'redact-text',
  'upscale-2x',
  'upscale-3x',
  'upscale-4x',
]);

function MaskSection() {
  const { opacity, visible, hasDoc } = useEditor((s) => ({ opacity: s.maskOpacity, visible: s.maskVisible, hasDoc: s.doc !== null }));
  return (
    <section className="panel-section" aria-labelledby="mask-h">
      <h2 id="mask-h">Mask</h2>
      <label className="row">
        <span>Opacity</span>
        <input
          type="range"
          aria-label="Mask opacity"
          min={0}
          max={100}
          value={Math.round(opacity * 100)}
          disabled={!hasDoc}
          onChange={(e) => editorStore.getState().setMaskOpacity(Number(e.target.value) / 100)}
        />
        <output>{Math.round(opacity * 100)}%</output>
      </label>
      <label className="row check">
        <input
          type="checkbox"
          checked={visible}
          disabled={!hasDoc}
          onChange={(e) => editorStore.getState().setMaskVisible(e.target.checked)}
        />
        <span>
          Show mask <kbd>M</kbd>
        </span>
      </label>
    </section>
  );
}

const kb = (bytes: number) => (bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

function ImageSection() {
  const doc = useEditor((s) => s.doc);
  if (!doc) return null;
  const f = doc.file;
  return (
    <section className="panel-section" aria-labelledby="image-h">
      <h2 id="image-h">Image</h2>
      <dl className="facts">
        <dt>File</dt>
        <dd title={f.name}>{f.name}</dd>
        <dt>Size</dt>
        <dd>
          {doc.image.width} × {doc.image.height} ({((doc.image.width * doc.image.height) / 1e6).toFixed(1)} MP)
        </dd>
        <dt>Format</dt>
        <dd>
          {f.format.toUpperCase()}
          {f.bitDepth ? `, ${f.bitDepth}-bit` : ''}
          {f.hasAlpha ? ', alpha' : ''}
        </dd>
        <dt>File size</dt>
        <dd>{kb(f.bytes)}</dd>
      </dl>
    </section>
  );
}

function OperationsSection() {
  const state = useEditor((s) => ({ doc: s.doc, history: s.history, busy: s.busy, job: s.job }));
  const ops = allActions().filter((a) => a.group === 'operation' && !SECTIONED.has(a.id));
  if (ops.length === 0) return null;
  return (
    <section className="panel-section" aria-labelledby="ops-h">
      <h2 id="ops-h">More operations</h2>
      <div className="ops">
        {ops.map((a) => (
          <button
            key={a.id}
            type="button"
            className="btn btn-text btn-block"
            disabled={!isEnabled(a, editorStore.getState()) || !!state.busy}
            onClick={() => runAction(a)}
          >
            {a.label}
          </button>
        ))}
      </div>
    </section>
  );
}

function ShortcutsSection() {
  const rows = allActions().filter((a) => a.shortcuts.length > 0);
  return (
    <section className="panel-section" aria-labelledby="keys-h">
      <h2 id="keys-h">Shortcuts</h2>
      <dl className="keys">
        {rows.map((a) => (
          <div key={a.id}>
            <dt>{a.label}</dt>
            <dd>
              {a.shortcuts.map((s) => (
                <kbd key={s}>{describeShortcut(s, isMac)}</kbd>
              ))}
            </dd>
          </div>
        ))}
        <div>
          <dt>Pan (any tool)</dt>
          <dd>
            <kbd>Space</kbd>+drag
          </dd>
        </div>
      </dl>
    </section>
  );
}

function RecentSection() {
  const { hasDoc, others } = useEditor((s) => ({ hasDoc: s.doc !== null, others: s.recent.filter((d) => d.key !== s.savedKey).length }));
  if (!hasDoc || others === 0) return null;
  return (
    <section className="panel-section" aria-labelledby="recent-h">
      <h2 id="recent-h">Recent documents</h2>
      <RecentDocuments />
    </section>
  );
}

/** Whether the panel is drawn over the photo now (a narrow window, styles.css), not in a column of its own. */
function drawnOver(): boolean {
  const panel = document.getElementById('side-panel');
  return panel !== null && getComputedStyle(panel).position === 'absolute';
}

/**
 * Escape closes the panel where it is drawn over the photo, and does nothing else: the
 * listener runs before the editor's own keys (capture on the window) and stops the key there,
 * so a box review under the panel is not discarded with it. An open dialog keeps its Escape.
 */
function useEscapeCloses(open: boolean) {
  useEffect(() => {
    if (!open) return;
    const close = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || editorStore.getState().dialog || !drawnOver()) return;
      e.stopPropagation();
      closePanel();
    };
    return listen(window, { keydown: close }, { capture: true });
  }, [open]);
}

export function SidePanel() {
  const open = usePanelOpen();
  useEscapeCloses(open);
  return (
    <aside id="side-panel" className={open ? 'sidepanel open' : 'sidepanel'} aria-label="Properties">
      <ReviewSection />
      <MaskSection />
      <ImageSection />
      <RemoveSection />
      <TextSection />
      <RedactSection />
      <UpscaleSection />
      <OperationsSection />
      <RuntimeSection />
      <RecentSection />
      <OfflineSection />
      <ShortcutsSection />
    </aside>
  );
}
