// Editor actions, registered as objects in one list (design.md 6.6): the toolbar, menus and
// keyboard all read this list, so a later capability (Detect text, Remove, Upscale, Export
// bundle) only has to call registerAction.
import { liveStrokes, releaseImage } from './edits.ts';
import type { EditorHost } from './host.ts';
import { importFiles, wantsImport } from './importer.ts';
import { OpenImageError, openImageFile } from './open-image.ts';
import { serverFileAction } from './flows/server-file.ts';
import type { EditorState, EditorStore } from './store.ts';
import { TOOLS } from './tools.ts';
import { lastResult } from './slices/compare.ts';

export interface ActionContext {
  store: EditorStore;
  host: EditorHost;
}

export interface Action {
  id: string;
  label: string;
  /** Shortcuts in matchesShortcut form; the first is shown in tooltips. */
  shortcuts: string[];
  /** Where the UI shows it. */
  group: 'file' | 'edit' | 'view' | 'mask' | 'tool' | 'operation' | 'review';
  run(ctx: ActionContext): void | Promise<void>;
  /** For press-and-hold shortcuts (compare): runs when the held key is released. */
  release?(ctx: ActionContext): void;
  /** Whether it can run now (disabled controls otherwise); always when absent. */
  enabled?(state: EditorState): boolean;
}

let latestOpen = 0;

/**
 * Opens a file into the editor; on failure, says why and leaves the open document alone.
 * When several opens overlap, the last one asked for wins.
 */
export async function openFile(store: EditorStore, file: File): Promise<void> {
  if (wantsImport([file])) return importFiles(store, [file]); // a bundle or manifest replays instead
  const ticket = ++latestOpen;
  store.getState().setBusy(`Opening ${file.name || 'pasted image'}…`);
  try {
    const opened = await openImageFile(file);
    if (ticket === latestOpen) store.getState().openDocument(opened.file, opened.image);
    else releaseImage(opened.image);
  } catch (e) {
    if (e instanceof OpenImageError)
      store.getState().notify('error', e.title, e.detail, e.tooBig ? serverFileAction(store, file) : undefined);
    else store.getState().notify('error', `Could not open “${file.name}”.`, e instanceof Error ? e.message : String(e));
  } finally {
    if (ticket === latestOpen) store.getState().setBusy(null);
  }
}

const hasDoc = (s: EditorState) => s.doc !== null;

const BUILT_IN: Action[] = [
  {
    id: 'open-image',
    label: 'Open image',
    shortcuts: ['mod+o'],
    group: 'file',
    async run({ store, host }) {
      const file = await host.pickFile();
      if (file) await openFile(store, file);
    },
  },
  {
    id: 'export',
    label: 'Export',
    shortcuts: ['mod+shift+e'],
    group: 'file',
    enabled: hasDoc,
    run: ({ store }) => store.getState().openDialog('export'),
  },
  {
    id: 'undo',
    label: 'Undo',
    shortcuts: ['mod+z'],
    group: 'edit',
    enabled: (s) => s.canUndo() || s.live !== null,
    run: ({ store }) => store.getState().undo(),
  },
  {
    id: 'redo',
    label: 'Redo',
    shortcuts: ['mod+shift+z', 'ctrl+y'],
    group: 'edit',
    enabled: (s) => s.canRedo(),
    run: ({ store }) => store.getState().redo(),
  },
  {
    id: 'clear-mask',
    label: 'Clear mask',
    shortcuts: ['shift+delete'],
    group: 'mask',
    enabled: (s) => liveStrokes(s.history.done).length > 0,
    run: ({ store }) => store.getState().clearMask(),
  },
  {
    id: 'toggle-mask',
    label: 'Show or hide mask',
    shortcuts: ['m'],
    group: 'mask',
    enabled: hasDoc,
    run: ({ store }) => store.getState().setMaskVisible(!store.getState().maskVisible),
  },
  { id: 'brush-smaller', label: 'Smaller brush', shortcuts: ['['], group: 'tool', run: ({ store }) => store.getState().stepBrushSize(-1) },
  { id: 'brush-larger', label: 'Larger brush', shortcuts: [']'], group: 'tool', run: ({ store }) => store.getState().stepBrushSize(1) },
  {
    id: 'zoom-fit',
    label: 'Fit to screen',
    shortcuts: ['0'],
    group: 'view',
    enabled: hasDoc,
    run: ({ store }) => store.getState().fitToView(),
  },
  {
    id: 'zoom-100',
    label: 'Actual size (100%)',
    shortcuts: ['1'],
    group: 'view',
    enabled: hasDoc,
    run: ({ store }) => store.getState().zoomToActual(),
  },
  {
    id: 'zoom-in',
    label: 'Zoom in',
    shortcuts: ['+', '='],
    group: 'view',
    enabled: hasDoc,
    run: ({ store }) => store.getState().zoomStep(1),
  },
  {
    id: 'zoom-out',
    label: 'Zoom out',
    shortcuts: ['-'],
    group: 'view',
    enabled: hasDoc,
    run: ({ store }) => store.getState().zoomStep(-1),
  },
  {
    id: 'compare',
    label: 'Compare with before',
    shortcuts: ['\\'],
    group: 'view',
    enabled: (s) => lastResult(s.history.done) !== null,
    run: ({ store }) => store.getState().setComparing(!store.getState().comparing),
    release: ({ store }) => store.getState().setComparing(false),
  },
  ...TOOLS.map((t): Action => ({
    id: `tool-${t.id}`,
    label: t.label,
    shortcuts: [t.shortcut],
    group: 'tool',
    run: ({ store }) => store.getState().setTool(t.id),
  })),
];

const registry: Action[] = [...BUILT_IN];

/** Adds an action (or replaces one with the same id). */
export function registerAction(action: Action): void {
  const i = registry.findIndex((a) => a.id === action.id);
  if (i >= 0) registry[i] = action;
  else registry.push(action);
}

export function allActions(): readonly Action[] {
  return registry;
}

export function actionById(id: string): Action | undefined {
  return registry.find((a) => a.id === id);
}

export function isEnabled(action: Action, state: EditorState): boolean {
  return action.enabled ? action.enabled(state) : true;
}
