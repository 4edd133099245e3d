// Messages for the user: errors and warnings stay until dismissed, confirmations fade after a few seconds.
import { useEffect } from 'react';
import { INFO_MS, type Notice } from '../editor/slices/notices.ts';
import { editorStore, useEditor } from './editor-context.ts';
import { Icon } from './icons.tsx';

function NoticeCard({ n }: { n: Notice }) {
  useEffect(() => {
    if (n.kind !== 'info') return;
    const t = setTimeout(() => editorStore.getState().dismiss(n.id), INFO_MS);
    return () => clearTimeout(t);
  }, [n]);
  return (
    <div className={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
      <Icon name={n.kind === 'info' ? 'info' : 'alert'} size={20} />
      <div className="notice-text">
        <strong>{n.title}</strong>
        {n.detail && <span>{n.detail}</span>}
        {n.kind === 'error' && <span className="notice-safe">Nothing in the editor was changed.</span>}
      </div>
      {n.action && (
        <button
          type="button"
          className="btn btn-small btn-text"
          onClick={() => {
            editorStore.getState().dismiss(n.id);
            n.action!.run();
          }}
        >
          {n.action.label}
        </button>
      )}
      <button type="button" className="btn btn-icon btn-small" aria-label="Dismiss" onClick={() => editorStore.getState().dismiss(n.id)}>
        <Icon name="close" size={16} />
      </button>
    </div>
  );
}

export function Notices() {
  const notices = useEditor((s) => s.notices);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <NoticeCard key={n.id} n={n} />
      ))}
    </div>
  );
}
