// Shown before any photo is open: the three ways in.
import { MAX_PIXELS } from '../editor/budget.ts';
import { isMac, useEditor } from './editor-context.ts';
import { Icon } from './icons.tsx';
import { RecentDocuments } from './RecentDocuments.tsx';
import { runAction } from './run-action.ts';

export function EmptyState() {
  const { server, saved } = useEditor((s) => ({ server: s.backendChoice === 'server', saved: s.recent.length > 0 }));
  return (
    <div className="empty">
      <div className="empty-card">
        {saved && (
          <section className="empty-restore" aria-labelledby="restore-h">
            <h2 id="restore-h">Continue where you left off</h2>
            <p className="fine">Your edits are saved in this browser as you work.</p>
            <RecentDocuments first />
          </section>
        )}
        <Icon name="photo" size={40} />
        <h2>Open a photo to start</h2>
        <p>Drop an image anywhere on this window, paste one with {isMac ? '⌘' : 'Ctrl'}+V, or</p>
        <button type="button" className="btn btn-primary" onClick={() => runAction('open-image')}>
          Choose a file…
        </button>
        <p className="fine">
          JPEG, PNG, WebP, AVIF, GIF or BMP, up to {MAX_PIXELS / 1e6} megapixels.{' '}
          {server
            ? 'Upscaling sends tiles to the server that serves this page (Runtime, in the side panel); everything else stays in this browser.'
            : 'Nothing is uploaded: photos and models stay on this computer. (Server for upscaling, under Runtime, would send the tiles being upscaled to the server that serves this page.)'}
        </p>
      </div>
    </div>
  );
}
