// Upscale x2, x3, x4 with the model picked in the side panel (default: general x4v3 for
// photos, and the native Nomos SPAN x2 for x2 when installed). Replaces the pixels at the new
// size as one undoable step, recorded with the model that ran.
import { UPSCALE_MODELS } from '../../ops/upscale/models.ts';

export { UPSCALE_MODELS };
import type { Action } from '../actions.ts';
import { MAX_PIXELS } from '../budget.ts';
import type { WorkerPixels } from '../pixels.ts';
import { activeReview } from '../slices/text-review.ts';
import type { EditorState } from '../store.ts';
import { placeJob, runOnServer, serverLine, stepRun } from './placement.ts';
import { backendName, ready, runJob, snapshot, took, type OperationsClient } from './run-job.ts';

/** Whether the picked model can reach `scale` (a x2 network cannot make x3 or x4). */
export function modelReaches(modelId: string | null, scale: number): boolean {
  const m = modelId ? UPSCALE_MODELS.find((e) => e.id === modelId) : null;
  return !m || m.scale >= scale;
}

export function upscaleAction(client: OperationsClient, pixels: WorkerPixels, scale: 2 | 3 | 4): Action {
  const action: Action = {
    id: `upscale-${scale}x`,
    label: `Upscale ×${scale}`,
    shortcuts: [],
    group: 'operation',
    enabled: (s: EditorState) => ready(s) && !activeReview(s) && modelReaches(s.upscaleModel, scale),
    async run(ctx) {
      const { store } = ctx;
      const snap = snapshot(store);
      if (!snap) return;
      const { width, height } = snap.image;
      if (width * height * scale * scale > MAX_PIXELS) {
        return store
          .getState()
          .notify(
            'error',
            `Upscale ×${scale} would make ${width * scale} × ${height * scale} pixels.`,
            `The editor holds images up to ${MAX_PIXELS / 1e6} megapixels; use the command line (cleanplate upscale) for bigger results.`,
          );
      }
      const model = store.getState().upscaleModel;
      const label = `Upscale ×${scale}`;
      const retry = () => void action.run(ctx);
      if (placeJob(store.getState().backendChoice, width * height, width * height * scale * scale) === 'server') {
        const step = { op: 'upscale' as const, scale, ...(model ? { model } : {}) };
        const sent = await runOnServer(store, client, pixels.forJob(snap.image), [step], label, retry);
        if (sent === null) return;
        if (sent !== 'browser') {
          if (!snap.unchanged()) return sent.value.image.bitmap.close(); // the document moved on
          const run = stepRun(sent.value.runs[0], sent.report.ms);
          const ran = run.model?.id ?? model;
          store.getState().apply({
            kind: 'replace-pixels',
            step: { op: 'upscale', scale, ...(ran ? { model: ran } : {}) },
            run,
            before: snap.image,
            after: pixels.fromJob(sent.value.image, snap.image),
          });
          store.getState().setRanOn('upscale', `${ran ?? 'the model'} ran ${serverLine(sent.report.ms)}`);
          return;
        }
      }
      const result = await runJob(
        store,
        label,
        (opts) => client.run('upscale', pixels.forJob(snap.image), { scale, ...(model ? { model } : {}) }, opts),
        retry,
      );
      if (!result) return;
      if (!snap.unchanged()) return result.value.image.bitmap.close(); // the document moved on
      const { image, model: ran, backend } = result.value;
      const after = pixels.fromJob(image, snap.image);
      store.getState().apply({
        kind: 'replace-pixels',
        step: { op: 'upscale', scale, model: ran.id },
        run: { backend, ms: result.report.ms, model: ran },
        before: snap.image,
        after,
      });
      store.getState().setRanOn('upscale', `${ran.id} ran on ${backendName(backend)}, ${took(result.report)}`);
    },
  };
  return action;
}
