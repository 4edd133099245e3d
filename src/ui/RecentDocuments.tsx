// Saved documents to restore: on the first screen (the newest as "Restore photo.jpg, edited at
// 14:32, 3 steps") and in the side panel (the others than the open one). Discard is explicit.
import { describeSaved, discardDocument, restoreDocument, type SavedSummary } from '../editor/autosave/index.ts';
import { useEditor } from './editor-context.ts';

function Entry({ d, primary }: { d: SavedSummary; primary?: boolean }) {
  const busy = useEditor((s) => !!s.job);
  const what = describeSaved(d);
  return (
    <li className="recent-entry">
      <button
        type="button"
        className={`btn ${primary ? 'btn-primary' : 'btn-text'} recent-restore`}
        disabled={busy}
        title={`Restore ${what}`}
        onClick={() => void restoreDocument(d.key)}
      >
        Restore {what}
      </button>
      <button type="button" className="btn btn-small btn-text" aria-label={`Discard ${what}`} onClick={() => void discardDocument(d.key)}>
        Discard
      </button>
    </li>
  );
}

/** The recent documents other than the open one; nothing when there are none. */
export function RecentDocuments({ first }: { first?: boolean }) {
  const { recent, savedKey } = useEditor((s) => ({ recent: s.recent, savedKey: s.savedKey }));
  const others = recent.filter((d) => d.key !== savedKey).slice(0, 5);
  if (others.length === 0) return null;
  return (
    <ul className="recent" aria-label="Recent documents">
      {others.map((d, i) => (
        <Entry key={d.key} d={d} primary={first && i === 0} />
      ))}
    </ul>
  );
}
