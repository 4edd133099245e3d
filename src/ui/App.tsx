// The editor page: toolbar, stage, side panel, status bar, notices and the export dialog.
import { useEffect } from 'react';
import { CanvasStage } from './CanvasStage.tsx';
import { editorStore, setFileInput } from './editor-context.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { ExportDialog } from './ExportDialog.tsx';
import { leavingAllowed } from './leave-guard.ts';
import { listen } from './listen.ts';
import { Notices } from './Notices.tsx';
import { ReviewJobBar, reviewJobParam } from './review/ReviewJobBar.tsx';
import { SidePanel } from './SidePanel.tsx';
import { StatusBar } from './StatusBar.tsx';
import { Toolbar } from './Toolbar.tsx';
import { useFileDrop } from './use-file-drop.ts';
import { useKeyboard } from './use-keyboard.ts';

/** Asks before leaving the page while the mask or the pixels hold work. */
function useLeaveGuard() {
  useEffect(
    () =>
      listen(window, {
        beforeunload: (e: BeforeUnloadEvent) => {
          if (!leavingAllowed() && editorStore.getState().history.done.length > 0) e.preventDefault();
        },
      }),
    [],
  );
}

const reviewJob = reviewJobParam();

export function App() {
  useKeyboard();
  useLeaveGuard();
  const dragging = useFileDrop();
  return (
    <div className="app">
      <Toolbar />
      {reviewJob && <ReviewJobBar jobId={reviewJob} />}
      <main className="workspace">
        <ErrorBoundary what="canvas">
          <CanvasStage />
        </ErrorBoundary>
        <SidePanel />
      </main>
      <StatusBar />
      <Notices />
      <ExportDialog />
      <input ref={setFileInput} type="file" accept="image/*,.zip,.json" hidden data-testid="file-input" />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div>Drop the image to open it</div>
        </div>
      )}
    </div>
  );
}
