import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { editorStore } from './editor-context.ts';
import { frameStats } from './frame-stats.ts';
import './styles.css';

// Read-only window into the editor for end-to-end tests and benchmarks.
declare global {
  interface Window { __cleanplate?: { store: typeof editorStore; frameStats: typeof frameStats } }
}
window.__cleanplate = { store: editorStore, frameStats };

createRoot(document.getElementById('root')!).render(<App />);
