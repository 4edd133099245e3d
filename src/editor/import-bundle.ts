// Import: a bundle, or a manifest with its source image, replayed step by step on the worker
// into a fresh document whose history holds one undoable entry per step; editing continues
// from there. Nothing the user had open changes unless the whole replay succeeded.
import type { Mask } from '../core/types.ts';
import { OpenImageError, openImageFile, type OpenedImage } from './open-image.ts';
import { ImportError, readImportFiles, sourceProblems } from './import-files.ts';
import type { PixelIO } from './pixels.ts';
import { applyReplay, replaySteps } from './replay.ts';
import type { EditorStore } from './store.ts';
import { workerStepOps, type StepsClient } from './worker-steps.ts';

export type Importer = (store: EditorStore, files: readonly File[]) => Promise<void>;

/** A mask PNG (from a bundle, or picked beside a manifest) as one byte per pixel (white = remove; transparency counts as black). */
async function decodeMask(bytes: Uint8Array, path: string, pixels: PixelIO): Promise<Mask> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch {
    throw new ImportError([`mask "${path}" is not a readable PNG image: choose the mask PNG the manifest names (white = remove).`]);
  }
  const rgba = pixels.read({ width: bitmap.width, height: bitmap.height, source: bitmap });
  bitmap.close();
  const data = new Uint8Array(rgba.width * rgba.height);
  for (let i = 0; i < data.length; i++) data[i] = Math.round((rgba.data[4 * i] * rgba.data[4 * i + 3]) / 255);
  return { width: rgba.width, height: rgba.height, data };
}

const isCancel = (e: unknown) => (e as { kind?: string })?.kind === 'cancelled' || (e as Error)?.name === 'AbortError';

function problemsOf(e: unknown): string {
  if (e instanceof ImportError) return e.problems.join('\n');
  if (e instanceof OpenImageError) return `The source image: ${e.detail}`;
  return e instanceof Error ? e.message : String(e);
}

export function createImporter(client: StepsClient, pixels: PixelIO): Importer {
  return async (store, files) => {
    const label = files.map((f) => `“${f.name}”`).join(' and ');
    const handle = store.getState().startJob('Replay');
    if (!handle) return store.getState().notify('info', 'Another job is running.', 'Import again when it has finished (or cancel it).');
    let opened: OpenedImage | null = null;
    try {
      const input = await readImportFiles(files);
      opened = await openImageFile(input.source);
      const problems = sourceProblems(input.manifest, opened.file);
      if (problems.length) throw new ImportError(problems);
      const n = input.manifest.steps.length;
      let at = '';
      const steps = await replaySteps({
        source: pixels.read(opened.image),
        manifest: input.manifest,
        ops: workerStepOps(client),
        pixels,
        loadMask: (path) => decodeMask(input.masks[path], path, pixels),
        ctx: { signal: handle.signal, onProgress: (p) => handle.onProgress({ ...p, stage: `${at} · ${p.stage}` }) },
        onStep: (i, step) => {
          at = `step ${i + 1} of ${n} (${step.op})`;
          handle.onProgress({ stage: at, fraction: i / n });
        },
      });
      handle.done();
      applyReplay(store, opened.file, opened.image, steps);
      store.getState().notify('info', `Replayed ${n} step${n === 1 ? '' : 's'} from ${label}.`, 'Each step is one undo; editing continues from here.');
    } catch (e) {
      (opened?.image.source as ImageBitmap | undefined)?.close?.();
      if (isCancel(e)) store.getState().notify('info', 'Import cancelled.');
      else store.getState().notify('error', `Could not import ${label}.`, problemsOf(e));
    } finally {
      handle.done();
    }
  };
}
