// "Remove": fills the current mask on the inference worker (the inpaint op, the best engine
// installed) and makes the result one undoable edit. Its manifest step carries the strokes in
// source pixels, and the mask is rasterised from exactly those strokes as the manifest runner
// does, so a replay of the step gives the same pixels.
import { rasteriseStrokes } from '../core/strokes.ts';
import type { Stroke } from '../core/types.ts';
import { outcomeOf } from '../ops/inpaint-steps.ts';
import type { PipelineClient } from '../worker/client.ts';
import type { Action } from './actions.ts';
import { liveStrokes } from './edits.ts';
import { plainStroke } from './manifest.ts';
import { runJob, snapshot } from './operations.ts';
import type { PixelIO } from './pixels.ts';
import type { EditorState } from './store.ts';
import { stepRun } from './worker-steps.ts';

const scaled = (s: Stroke, k: number): Stroke => (k === 1 ? s : { ...s, points: s.points.map((v) => v * k), width: s.width * k });

export function removeAction(client: Pick<PipelineClient, 'inpaint'>, pixels: PixelIO): Action {
  const enabled = (s: EditorState) => s.doc !== null && s.job === null && liveStrokes(s.history.done).length > 0;
  const action: Action = {
    id: 'remove', label: 'Remove', shortcuts: ['shift+r'], group: 'operation', enabled,
    async run(ctx) {
      const { store } = ctx;
      const snap = snapshot(store);
      const state = store.getState();
      if (!snap || !state.doc || !enabled(state)) return;
      const { image } = snap;
      // Strokes were drawn on the current image; after an upscale it is `k` times the source.
      const k = image.width / state.doc.file.width;
      const strokes = liveStrokes(state.history.done).map((s) => plainStroke(scaled(s, 1 / k)));
      const mask = rasteriseStrokes(image.width, image.height, strokes.map((s) => scaled(s, k)));
      const remove = () => void action.run(ctx);
      const result = await runJob(store, 'Remove', (opts) => client.inpaint(() => pixels.read(image), () => ({ ...mask, data: mask.data.slice() }), {}, opts), remove);
      if (!result || !snap.unchanged()) return;
      const after = await pixels.write(result.value.image);
      const run = stepRun(result.report, outcomeOf(result.value.runs));
      store.getState().apply({ kind: 'replace-pixels', step: { op: 'inpaint', strokes }, before: image, after, run });
    },
  };
  return action;
}
