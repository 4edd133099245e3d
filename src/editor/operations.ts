// Editor actions backed by the inference worker (src/worker/client.ts): they read the document's
// pixels, run a job with progress and cancel, and turn the result into one undoable edit.
// Detect text masks the boxes it finds (as rect strokes, so the manifest replays them exactly);
// Upscale (x2, x3, x4) replaces the pixels. A failed job's message offers Retry. Inpainting
// ("Remove") is not offered by the worker client yet, so it is not registered here.
import type { Box, Progress, RgbaImage, ScoredBox, Stroke } from '../core/types.ts';
import type { Action } from './actions.ts';
import { MAX_PIXELS } from './budget.ts';
import type { DocumentImage } from './edits.ts';
import type { PixelIO } from './pixels.ts';
import type { JobReport } from '../worker/client.ts';
import { stepRun } from './worker-steps.ts';
import type { EditorStore } from './store.ts';

interface JobOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/** The part of PipelineClient these actions use (results carry the model that ran). */
export interface OperationsClient {
  detectText(image: () => RgbaImage, options: { region?: Box }, opts: JobOptions): Promise<{ value: { boxes: ScoredBox[] } }>;
  upscale(image: () => RgbaImage, options: { scale: 2 | 3 | 4 }, opts: JobOptions): Promise<{ value: { image: RgbaImage; model: { id: string } }; report?: JobReport }>;
}

/** Detected boxes grow by this much so anti-aliased glyph edges are inside the mask. */
export const TEXT_BOX_PADDING = 2;

const isCancel = (e: unknown) => (e as { kind?: string })?.kind === 'cancelled' || (e as Error)?.name === 'AbortError';

/**
 * Runs a job with the store's progress and cancel; says what went wrong (offering `retry`);
 * null when it did not finish.
 */
export async function runJob<T>(store: EditorStore, label: string, work: (opts: JobOptions) => Promise<T>, retry: () => void): Promise<T | null> {
  const handle = store.getState().startJob(label);
  if (!handle) return null;
  try {
    return await work({ signal: handle.signal, onProgress: handle.onProgress });
  } catch (e) {
    if (isCancel(e)) store.getState().notify('info', `${label}: cancelled.`);
    else store.getState().notify('error', `${label} failed.`, e instanceof Error ? e.message : String(e), { label: 'Retry', run: retry });
    return null;
  } finally {
    handle.done();
  }
}

/** The open image, and a check that it is still the one shown when a job comes back. */
export function snapshot(store: EditorStore): { image: DocumentImage; unchanged(): boolean } | null {
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
    async run(ctx) {
      const { store } = ctx;
      const snap = snapshot(store);
      if (!snap) return;
      const result = await runJob(store, 'Detect text', (opts) => client.detectText(() => pixels.read(snap.image), {}, opts), () => void detect.run(ctx));
      if (!result || !snap.unchanged()) return;
      const strokes = textBoxStrokes(result.value.boxes, snap.image.width, snap.image.height);
      if (strokes.length === 0) return store.getState().notify('info', 'No text found.');
      store.getState().apply({ kind: 'mask', label: 'Detect text', strokes });
      store.getState().notify('info', `Masked ${strokes.length} text area${strokes.length === 1 ? '' : 's'}.`, 'Undo removes them all at once; the eraser trims them.');
    },
  };
  const upscale = (scale: 2 | 3 | 4): Action => {
    const action: Action = {
      id: `upscale-${scale}x`, label: `Upscale ×${scale}`, shortcuts: [], group: 'operation', enabled: ready,
      async run(ctx) {
        const { store } = ctx;
        const snap = snapshot(store);
        if (!snap) return;
        const { width, height } = snap.image;
        if (width * height * scale * scale > MAX_PIXELS) {
          return store.getState().notify('error', `Upscale ×${scale} would make ${width * scale} × ${height * scale} pixels.`,
            `The editor holds images up to ${MAX_PIXELS / 1e6} megapixels; use the command line (cleanplate upscale) for bigger results.`);
        }
        const result = await runJob(store, `Upscale ×${scale}`,
          (opts) => client.upscale(() => pixels.read(snap.image), { scale }, opts), () => void action.run(ctx));
        if (!result || !snap.unchanged()) return;
        const { image, model } = result.value;
        const after = await pixels.write(image);
        const run = result.report && stepRun(result.report); // model sha256, backend, ms for the bundle's manifest
        store.getState().apply({ kind: 'replace-pixels', step: { op: 'upscale', scale, model: model.id }, before: snap.image, after, ...(run ? { run } : {}) });
      },
    };
    return action;
  };
  return [detect, upscale(2), upscale(3), upscale(4)];
}
