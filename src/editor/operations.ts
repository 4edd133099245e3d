// Editor actions backed by the inference worker (src/worker/client.ts): they read the document's
// pixels, run a job with progress and cancel, and turn the result into one undoable edit.
// Detect text masks the boxes it finds (as rect strokes, so the manifest replays them exactly);
// Upscale replaces the pixels. Inpainting is not offered by the worker client yet.
import type { Box, Progress, RgbaImage, ScoredBox, Stroke } from '../core/types.ts';
import type { Action } from './actions.ts';
import { MAX_PIXELS } from './budget.ts';
import type { DocumentImage } from './edits.ts';
import type { PixelIO } from './pixels.ts';
import type { EditorStore } from './store.ts';

interface JobOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/** The part of PipelineClient these actions use. */
export interface OperationsClient {
  detectText(image: () => RgbaImage, options: { region?: Box }, opts: JobOptions): Promise<{ value: { boxes: ScoredBox[] } }>;
  upscale(image: () => RgbaImage, options: { scale: 2 | 3 | 4 }, opts: JobOptions): Promise<{ value: { image: RgbaImage; model: { id: string } } }>;
}

/** Detected boxes grow by this much so anti-aliased glyph edges are inside the mask. */
export const TEXT_BOX_PADDING = 2;

const isCancel = (e: unknown) => (e as { kind?: string })?.kind === 'cancelled' || (e as Error)?.name === 'AbortError';

/** Runs a job with the store's progress and cancel; says what went wrong; null when it did not finish. */
async function runJob<T>(store: EditorStore, label: string, work: (opts: JobOptions) => Promise<T>): Promise<T | null> {
  const handle = store.getState().startJob(label);
  if (!handle) return null;
  try {
    return await work({ signal: handle.signal, onProgress: handle.onProgress });
  } catch (e) {
    if (isCancel(e)) store.getState().notify('info', `${label}: cancelled.`);
    else store.getState().notify('error', `${label} failed.`, e instanceof Error ? e.message : String(e));
    return null;
  } finally {
    handle.done();
  }
}

/** The open image, and a check that it is still the one shown when a job comes back. */
function snapshot(store: EditorStore): { image: DocumentImage; unchanged(): boolean } | null {
  const doc = store.getState().doc;
  if (!doc) return null;
  const image = doc.image;
  return { image, unchanged: () => store.getState().doc?.id === doc.id && store.getState().doc?.image === image };
}

export function textBoxStrokes(boxes: readonly ScoredBox[], width: number, height: number): Stroke[] {
  const p = TEXT_BOX_PADDING;
  return boxes.map(({ box: [x0, y0, x1, y1] }) => ({
    points: [Math.max(0, x0 - p), Math.max(0, y0 - p), Math.min(width, x1 + p), Math.min(height, y1 + p)],
    width: 1,
    shape: 'rect' as const,
  }));
}

const ready = (s: ReturnType<EditorStore['getState']>) => s.doc !== null && s.job === null;

export function operationActions(client: OperationsClient, pixels: PixelIO): Action[] {
  const detect: Action = {
    id: 'detect-text', label: 'Detect text', shortcuts: ['shift+t'], group: 'operation', enabled: ready,
    async run({ store }) {
      const snap = snapshot(store);
      if (!snap) return;
      const result = await runJob(store, 'Detect text', (opts) => client.detectText(() => pixels.read(snap.image), {}, opts));
      if (!result || !snap.unchanged()) return;
      const strokes = textBoxStrokes(result.value.boxes, snap.image.width, snap.image.height);
      if (strokes.length === 0) return store.getState().notify('info', 'No text found.');
      store.getState().apply({ kind: 'mask', label: 'Detect text', strokes });
      store.getState().notify('info', `Masked ${strokes.length} text area${strokes.length === 1 ? '' : 's'}.`, 'Undo removes them all at once; the eraser trims them.');
    },
  };
  const upscale = (scale: 2 | 4): Action => ({
    id: `upscale-${scale}x`, label: `Upscale ×${scale}`, shortcuts: [], group: 'operation', enabled: ready,
    async run({ store }) {
      const snap = snapshot(store);
      if (!snap) return;
      const { width, height } = snap.image;
      if (width * height * scale * scale > MAX_PIXELS) {
        return store.getState().notify('error', `Upscale ×${scale} would make ${width * scale} × ${height * scale} pixels.`,
          `The editor holds images up to ${MAX_PIXELS / 1e6} megapixels; use the command line (cleanplate upscale) for bigger results.`);
      }
      const result = await runJob(store, `Upscale ×${scale}`, (opts) => client.upscale(() => pixels.read(snap.image), { scale }, opts));
      if (!result || !snap.unchanged()) return;
      const after = await pixels.write(result.value.image);
      store.getState().apply({ kind: 'replace-pixels', step: { op: 'upscale', scale, model: result.value.model.id }, before: snap.image, after });
    },
  });
  return [detect, upscale(2), upscale(4)];
}
