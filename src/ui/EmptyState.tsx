// Shown before any photo is open: the three ways in.
import { MAX_PIXELS } from '../editor/budget.ts';
import { HEAVY_INPUT_PIXELS, HEAVY_OUTPUT_PIXELS } from '../editor/flows/placement.ts';
import type { BackendChoice } from '../editor/runtime-choice.ts';
import { isMac, useEditor } from './editor-context.ts';
import { Icon } from './icons.tsx';
import { RecentDocuments } from './RecentDocuments.tsx';
import { runAction } from './run-action.ts';

/** What leaves this computer under each Runtime choice (editor/flows/placement.ts decides the jobs). */
const UPLOADS: Record<BackendChoice, string> = {
  auto: `Photos stay on this computer, except heavy jobs (a photo over ${HEAVY_INPUT_PIXELS / 1e6} MP, an upscale past ${HEAVY_OUTPUT_PIXELS / 1e6} MP), which Auto sends to the server that serves this page; WASM or WebGPU under Runtime keep everything here.`,
  webgpu: 'Nothing is uploaded: photos and models stay on this computer.',
  wasm: 'Nothing is uploaded: photos and models stay on this computer.',
  server: 'Upscaling sends tiles to the server that serves this page (Runtime, in the side panel); everything else stays in this browser.',
  'server-jobs':
    'Remove, Remove text and Upscale send the photo to the server that serves this page and run there (Runtime, in the side panel).',
};

export function EmptyState() {
  const { choice, saved } = useEditor((s) => ({ choice: s.backendChoice, saved: s.recent.length > 0 }));
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
          JPEG, PNG, WebP, AVIF, GIF or BMP, up to {MAX_PIXELS / 1e6} megapixels. {UPLOADS[choice]}
        </p>
      </div>
    </div>
  );
}
