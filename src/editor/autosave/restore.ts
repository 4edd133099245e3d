// Restoring a saved document: its source from the database, opened as any file, its steps
// replayed in the worker (as an imported bundle is), then its unused mask strokes, its boxes
// under review and its settings put back. The open document changes only when all of that
// worked; autosave then continues under the same key.
import type { Manifest } from '../../ops/manifest.ts';
import { encodeMask } from '../export.ts';
import { openImageFile, type OpenedImage } from '../open-image.ts';
import type { WorkerPixels } from '../pixels.ts';
import { applyReplay, releaseSteps, replaySteps, type ReplayClient, type ReplayedStep } from '../replay.ts';
import type { EditorStore } from '../store.ts';
import type { Autosave } from './autosave.ts';
import { getDocument } from './db.ts';
import { describeSaved, type SavedDocument } from './saved-document.ts';

const isCancel = (e: unknown) => (e as { kind?: string })?.kind === 'cancelled' || (e as Error)?.name === 'AbortError';

/** The saved steps as a manifest the replay takes: the recorded runs ride along as its result's (only detect_text's are read). */
async function replayInput(doc: SavedDocument): Promise<{ manifest: Manifest; masks: Record<string, Uint8Array> }> {
  const masks: Record<string, Uint8Array> = {};
  for (const [name, mask] of Object.entries(doc.masks)) masks[name] = new Uint8Array(await (await encodeMask(mask)).arrayBuffer());
  const { sha256, width, height, name } = doc.source;
  return { manifest: { ...doc.manifest, result: { file: name, sha256, width, height, runs: doc.runs } }, masks };
}

function putBack(store: EditorStore, doc: SavedDocument): void {
  const s = store.getState();
  for (const e of doc.live) s.apply({ kind: 'mask', label: e.label, strokes: e.strokes });
  const { tool, ...settings } = doc.settings;
  store.setState(settings);
  const image = store.getState().doc!.image;
  if (doc.review) store.getState().startReview({ ...doc.review, image });
  store.getState().setTool(tool);
}

export async function restoreSaved(
  store: EditorStore,
  autosave: Autosave,
  client: ReplayClient,
  pixels: WorkerPixels,
  key: string,
): Promise<void> {
  const handle = store.getState().startJob('Restore');
  if (!handle) return store.getState().notify('info', 'Another job is running.', 'Restore when it has finished (or cancel it).');
  let opened: OpenedImage | null = null;
  let steps: ReplayedStep[] = [];
  let label = 'the saved document';
  try {
    const saved = await getDocument(key);
    if (!saved) throw new Error('It is no longer stored in this browser (it was discarded, or the browser cleared its storage).');
    const { doc, source } = saved;
    label = `“${doc.name}”`;
    opened = await openImageFile(new File([source], doc.source.name, { type: doc.source.mime }));
    if (opened.file.sha256 !== doc.source.sha256) throw new Error('Its stored source file is damaged (its sha256 changed).');
    const { manifest, masks } = await replayInput(doc);
    const n = manifest.steps.length;
    steps = await replaySteps({
      source: opened.image,
      manifest,
      masks,
      client,
      pixels,
      signal: handle.signal,
      onProgress: handle.onProgress,
      onStep: (i, step) => handle.onProgress({ stage: `step ${i + 1} of ${n} (${step.op})`, fraction: i / n }),
    });
    handle.done();
    autosave.continueAs(key);
    applyReplay(store, opened.file, opened.image, steps);
    putBack(store, doc);
    store.getState().notify('info', `Restored ${describeSaved(doc)}.`, 'Editing continues from here; each step is one undo.');
  } catch (e) {
    (opened?.image.source as ImageBitmap | undefined)?.close?.();
    releaseSteps(steps);
    if (isCancel(e)) store.getState().notify('info', 'Restore cancelled.', 'The saved document is still there.');
    else store.getState().notify('error', `Could not restore ${label}.`, e instanceof Error ? e.message : String(e));
  } finally {
    handle.done();
  }
}
