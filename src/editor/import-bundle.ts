// Import: a bundle, or a manifest with its source image, replayed step by step in the worker
// (which decodes the source and the mask files itself and keeps every step's pixels) into a
// fresh document whose history holds one undoable entry per step; editing continues from
// there. Nothing the user had open changes unless the whole replay succeeded.
import { DRIFT_ADVICE, replayDrift } from '../ops/manifest.ts';
import { OpenImageError, openImageFile, type OpenedImage } from './open-image.ts';
import { ImportError, readImportFiles, sourceProblems } from './import-files.ts';
import type { WorkerPixels } from './pixels.ts';
import { applyReplay, releaseSteps, replaySteps, type ReplayClient, type ReplayedStep } from './replay.ts';
import type { EditorStore } from './store.ts';
import type { Progress } from '../core/types.ts';
import type { Step } from '../ops/manifest.ts';
import type { ServerJobClient } from './flows/placement.ts';
import { placeReplay, replayStepsOnServer } from './server-replay.ts';
import { openedFromFiles } from './autosave/autosave.ts';

export type Importer = (store: EditorStore, files: readonly File[]) => Promise<void>;

const isCancel = (e: unknown) => (e as { kind?: string })?.kind === 'cancelled' || (e as Error)?.name === 'AbortError';

function problemsOf(e: unknown): string {
  if (e instanceof ImportError) return e.problems.join('\n');
  if (e instanceof OpenImageError) return `The source image: ${e.detail}`;
  return e instanceof Error ? e.message : String(e);
}

export function createImporter(client: ReplayClient & ServerJobClient, pixels: WorkerPixels): Importer {
  return async (store, files) => {
    const label = files.map((f) => `“${f.name}”`).join(' and ');
    const handle = store.getState().startJob('Replay');
    if (!handle) return store.getState().notify('info', 'Another job is running.', 'Import again when it has finished (or cancel it).');
    let opened: OpenedImage | null = null;
    let steps: ReplayedStep[] = [];
    try {
      const input = await readImportFiles(files);
      opened = await openImageFile(input.source);
      const problems = sourceProblems(input.manifest, opened.file);
      if (problems.length) throw new ImportError(problems);
      const n = input.manifest.steps.length;
      let at = '';
      const request = {
        source: opened.image,
        manifest: input.manifest,
        masks: input.masks,
        pixels,
        signal: handle.signal,
        onProgress: (p: Progress) => handle.onProgress({ ...p, stage: `${at} · ${p.stage}` }),
        onStep: (i: number, step: Step) => {
          at = `step ${i + 1} of ${n} (${step.op})`;
          handle.onProgress({ stage: at, fraction: i / n });
        },
      };
      const { width, height } = opened.image;
      let where = placeReplay(store.getState().backendChoice, input.manifest, width, height);
      if (where === 'server') {
        try {
          steps = await replayStepsOnServer({ ...request, client });
        } catch (e) {
          if ((e as { kind?: string }).kind !== 'server-unavailable') throw e;
          where = 'browser';
          store.getState().notify('warning', `The replay runs in this browser: ${(e as Error).message}.`);
        }
      }
      if (where === 'browser') steps = await replaySteps({ ...request, client });
      handle.done();
      openedFromFiles(() => applyReplay(store, opened!.file, opened!.image, steps)); // the files keep it: saved from its first edit on
      const replayed = `Replayed ${n} step${n === 1 ? '' : 's'} from ${label}${where === 'server' ? ' on the server' : ''}`;
      store
        .getState()
        .setRanOn('replay', `${n} step${n === 1 ? '' : 's'} ${where === 'server' ? 'on the server (jobs)' : 'in this browser'}`);
      const drift = replayDrift(
        input.manifest,
        steps.map((r) => r.run),
      );
      if (drift.length === 0) store.getState().notify('info', `${replayed}.`, 'Each step is one undo; editing continues from here.');
      else
        store
          .getState()
          .notify('warning', `${replayed}, but not as recorded: the result may differ.`, `${drift.join('\n')}\n${DRIFT_ADVICE}`);
    } catch (e) {
      (opened?.image.source as ImageBitmap | undefined)?.close?.();
      releaseSteps(steps);
      if (isCancel(e)) store.getState().notify('info', 'Import cancelled.');
      else store.getState().notify('error', `Could not import ${label}.`, problemsOf(e));
    } finally {
      handle.done();
    }
  };
}
