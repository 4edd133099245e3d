// The editor store: one zustand store made of slices (document, tools, viewport, history,
// notices, jobs). No React: tests drive it directly, the UI subscribes to it.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createDocumentSlice, type DocumentSlice } from './slices/document.ts';
import { createHistorySlice, type HistorySlice } from './slices/history.ts';
import { createJobsSlice, type JobsSlice } from './slices/jobs.ts';
import { createNoticesSlice, type NoticesSlice } from './slices/notices.ts';
import { createToolsSlice, type ToolsSlice } from './slices/tools.ts';
import { createViewportSlice, type ViewportSlice } from './slices/viewport.ts';

export type EditorState = DocumentSlice & ToolsSlice & ViewportSlice & HistorySlice & NoticesSlice & JobsSlice;
export type EditorStore = StoreApi<EditorState>;

export function createEditorStore(): EditorStore {
  return createStore<EditorState>()((...a) => ({
    ...createDocumentSlice(...a),
    ...createToolsSlice(...a),
    ...createViewportSlice(...a),
    ...createHistorySlice(...a),
    ...createNoticesSlice(...a),
    ...createJobsSlice(...a),
  }));
}
