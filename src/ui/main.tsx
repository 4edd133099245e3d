import { createRoot } from 'react-dom/client';
import { registerAction } from '../editor/actions.ts';
import { loadInstalledModels, operationActions } from '../editor/operations.ts';
import { workerPixels } from '../editor/pixels.ts';
import { frameRebuilder } from '../editor/history-rebuild.ts';
import { registerBundleActions } from '../editor/bundle-actions.ts';
import { connectServerFiles } from '../editor/flows/server-file.ts';
import { setImageEncoder } from '../editor/export.ts';
import { createImporter } from '../editor/import-bundle.ts';
import { connectRuntimeChoice, savedBackendChoice, savedServerToken } from '../editor/runtime-choice.ts';
import { connectOffline } from '../editor/offline.ts';
import { connectAutosave } from '../editor/autosave/index.ts';
import { registerServiceWorker } from './app-update.ts';
import { PipelineClient } from '../worker/client.ts';
import { App } from './App.tsx';
import { actionContext, editorStore } from './editor-context.ts';
import { frameStats } from './frame-stats.ts';
import './styles.css';

// Read-only window into the editor for end-to-end tests and benchmarks: only in the test build
// (vite build --mode e2e, see .env.e2e); the production build leaves it out.
declare global {
  interface Window {
    __cleanplate?: { store: typeof editorStore; frameStats: typeof frameStats; crashWorkerForTest(): Promise<void> };
  }
}

// Operations run in the inference worker; it starts on the first job and ends when idle. The
// backend is the one last chosen in the side panel (Auto by default).
const client = new PipelineClient({ settings: { backend: savedBackendChoice(), serverToken: savedServerToken() } });
connectRuntimeChoice(editorStore, client);
// The history holds its frames within a memory budget; the worker rebuilds a dropped one on undo.
editorStore.getState().connectFrameRebuilder(frameRebuilder(client, workerPixels), () => client.stashOnDisk === false);
if (import.meta.env.VITE_TEST_HOOKS) {
  window.__cleanplate = { store: editorStore, frameStats, crashWorkerForTest: () => client.crashWorkerForTest() };
}
for (const action of operationActions(client, workerPixels)) registerAction(action);
void loadInstalledModels(editorStore, client);
connectOffline(editorStore, client); // Make available offline, storage use
connectAutosave(editorStore, client, workerPixels); // every change kept in IndexedDB; restore after a reload or crash
registerServiceWorker(); // the app shell and ONNX Runtime, cached for offline use
connectServerFiles(client, actionContext.host); // "Remove text on the server" for an image too big to open
registerBundleActions(createImporter(client, workerPixels)); // Import bundle or manifest (replayed in the worker), Export bundle
// Exports are encoded in the worker from the pixels it keeps: exact, and off the UI thread.
setImageEncoder(async (image, format, quality) => (await client.encodeImage(workerPixels.forJob(image), format, quality)).value);

createRoot(document.getElementById('root')!).render(<App />);
