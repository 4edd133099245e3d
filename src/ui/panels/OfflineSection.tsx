// Offline: save every installed model in this browser (one progress bar, Cancel), and how much
// space the site uses and whether the browser keeps it.
import { cancelOfflineSave, startOfflineSave } from '../../editor/offline.ts';
import { useEditor } from '../editor-context.ts';

export const megabytes = (bytes: number) =>
  bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;

export function OfflineSection() {
  const { saving, models, usage } = useEditor((s) => ({ saving: s.offlineSaving, models: s.offlineModels, usage: s.storageUsage }));
  const all = models !== null && models.installed > 0 && models.kept === models.installed;
  return (
    <section className="panel-section" aria-labelledby="offline-h">
      <h2 id="offline-h">Offline</h2>
      {saving ? (
        <div className="offline-saving">
          <progress aria-label="Saving for offline use" max={1} value={saving.fraction} />
          <div className="offline-line">
            <span className="fine" aria-live="polite">
              {saving.current ? `Saving ${saving.current} (${saving.done + 1} of ${saving.total})` : 'Saved'},{' '}
              {Math.round(saving.fraction * 100)}%
            </span>
            <button type="button" className="btn btn-small btn-text" onClick={cancelOfflineSave}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="btn btn-text btn-block" onClick={startOfflineSave}>
          Make available offline
        </button>
      )}
      <p className="fine" aria-label="Offline models">
        {models === null
          ? 'The editor itself works offline after one visit.'
          : all
            ? `The editor and all ${models.installed} installed models work offline.`
            : `The editor works offline after one visit; ${models.kept} of ${models.installed} installed models are saved in this browser.`}
      </p>
      {usage && (
        <p className="fine" aria-label="Storage used">
          {megabytes(usage.used)} used of {megabytes(usage.quota)} this browser allows;{' '}
          {usage.persisted ? 'kept (persistent storage).' : 'the browser may clear it when space runs low.'}
        </p>
      )}
    </section>
  );
}
