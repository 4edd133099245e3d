// The editor page: toolbar, stage, side panel, status bar, notices and the export dialog.
import { CanvasStage } from './CanvasStage.tsx';
import { setFileInput } from './editor-context.ts';
import { ExportDialog } from './ExportDialog.tsx';
import { Notices } from './Notices.tsx';
import { SidePanel } from './SidePanel.tsx';
import { StatusBar } from './StatusBar.tsx';
import { Toolbar } from './Toolbar.tsx';
import { useFileDrop } from './use-file-drop.ts';
import { useKeyboard } from './use-keyboard.ts';

export function App() {
  useKeyboard();
  const dragging = useFileDrop();
  return (
    <div className="app">
      <Toolbar />
      <main className="workspace">
        <CanvasStage />
        <SidePanel />
      </main>
      <StatusBar />
      <Notices />
      <ExportDialog />
      <input ref={setFileInput} type="file" accept="image/*" hidden data-testid="file-input" />
      {dragging && <div className="drop-overlay" aria-hidden="true"><div>Drop the image to open it</div></div>}
    </div>
  );
}
