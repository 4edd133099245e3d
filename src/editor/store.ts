// The editor store: one zustand store made of slices (document, tools, viewport, history,
// notices, jobs, operation settings, compare, text review, storage). No React: tests drive it directly, the UI subscribes to it.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createDocumentSlice, type DocumentSlice } from './slices/document.ts';
import { createHistorySlice, type HistorySlice } from './slices/history.ts';
import { createJobsSlice, type JobsSlice } from './slices/jobs.ts';
import { createNoticesSlice, type NoticesSlice } from './slices/notices.ts';
import { createToolsSlice, type ToolsSlice } from './slices/tools.ts';
import { createViewportSlice, type ViewportSlice } from './slices/viewport.ts';
import { createCompareSlice, type CompareSlice } from './slices/compare.ts';
import { createSettingsSlice, type SettingsSlice } from './slices/settings.ts';
import { createTextReviewSlice, type TextReviewSlice } from './slices/text-review.ts';
import { createStorageSlice, type StorageSlice } from './slices/storage.ts';

export type EditorState = DocumentSlice &
  ToolsSlice &
  ViewportSlice &
  HistorySlice &
  NoticesSlice &
  JobsSlice &
  SettingsSlice &
  CompareSlice &
  TextReviewSlice &
  StorageSlice;
export type EditorStore = StoreApi<EditorState>;

export function createEditorStore(): EditorStore {
  return createStore<EditorState>()((...a) => ({
    ...createDocumentSlice(...a),
    ...createToolsSlice(...a),
    ...createViewportSlice(...a),
    ...createHistorySlice(...a),
    ...createNoticesSlice(...a),
    ...createJobsSlice(...a),
    ...createSettingsSlice(...a),
    ...createCompareSlice(...a),
    ...createTextReviewSlice(...a),
    ...createStorageSlice(...a),
  }));
}
