// Remove: fills the brushed mask at full resolution in the worker (client.inpaint) with the
// engine and mask growth from the side panel. The result is one undoable step that replaces
// the pixels and empties the mask (undo brings both back), recorded as an inpaint step with
// the strokes as data, so the operator can brush again on the result and remove again.
import type { Box, Mask } from '../../core/types.ts';
import type { RegionRun } from '../../ops/inpaint/index.ts';
import type { Action } from '../actions.ts';
import { rasteriseStrokes } from '../../core/strokes.ts';
import { liveStrokes, strokesBounds } from '../edits.ts';
import type { WorkerPixels } from '../pixels.ts';
import { activeReview } from '../slices/text-review.ts';
import type { EditorState } from '../store.ts';
import { backendName, ready, runJob, snapshot, took, type OperationsClient } from './run-job.ts';
import { reportedModel } from '../../worker/client.ts';
import { placeJob, runOnServer, serverLine, stepRun } from './placement.ts';

export const ENGINE_LABEL: Record<string, string> = {
  patchmatch: 'PatchMatch',
  diffusion: 'diffusion',
  biharmonic: 'biharmonic',
  transport: 'coherence transport',
  layered: 'structure-texture layers',
  migan: 'MI-GAN',
  lama: 'LaMa',
  auto: 'Auto',
};

/**
 * The engine a manifest should name so replay gives the same bytes: the one engine every
 * region used, or the operator's choice when they differed (auto picks per region again).
 */
export function recordedEngine(choice: string, runs: readonly RegionRun[]): string {
  const used = new Set(runs.map((r) => r.engine));
  return used.size === 1 ? [...used][0] : choice;
}

/**
 * What filled a remove-text's areas, for the status line: "fill with PatchMatch", or "no fill
 * needed" when none ran (every box's text was a watermark taken out by unblending).
 */
export function textFillLine(runs: readonly RegionRun[]): string {
  return runs.length ? `fill with ${enginesUsed(runs)}` : 'no fill needed';
}

/** "PatchMatch", "PatchMatch + diffusion". */
export function enginesUsed(runs: readonly RegionRun[]): string {
  return [...new Set(runs.map((r) => ENGINE_LABEL[r.engine] ?? r.engine))].join(' + ') || 'none';
}

/** Whether any pixel inside `box` (the strokes' bounds, not the whole 24 MP mask) is masked. */
function anyMasked({ data, width }: Mask, box: Box): boolean {
  for (let y = box[1]; y < box[3]; y++) {
    for (let i = y * width + box[0], end = y * width + box[2]; i < end; i++) if (data[i]) return true;
  }
  return false;
}

export const canRemove = (s: EditorState) => ready(s) && !activeReview(s) && liveStrokes(s.history.done).some((st) => !st.erase);

export function removeAction(client: OperationsClient, pixels: WorkerPixels): Action {
  const action: Action = {
    id: 'remove',
    label: 'Remove',
    shortcuts: ['shift+r'],
    group: 'operation',
    enabled: canRemove,
    async run(ctx) {
      const { store } = ctx;
      const snap = snapshot(store);
      const s = store.getState();
      if (!snap || !s.mask) return;
      const strokes = liveStrokes(s.history.done);
      const box = strokesBounds(strokes, s.mask.width, s.mask.height);
      if (!box || !anyMasked(s.mask, box)) return s.notify('info', 'The mask is empty.', 'Brush over what should go, then press Remove.');
      // The mask is its strokes rasterised (the history's invariant), so the job's mask is drawn
      // afresh from them: cheaper than copying 24 MB here, and the live mask may change meanwhile.
      const { width, height } = s.mask;
      const engine = s.inpaintEngine;
      const dilate = s.inpaintDilate;
      const retry = () => void action.run(ctx);
      if (placeJob(s.backendChoice, width * height) === 'server') {
        const step = { op: 'inpaint' as const, strokes, engine, dilate };
        const sent = await runOnServer(store, client, pixels.forJob(snap.image), [step], 'Remove', retry);
        if (sent === null) return;
        if (sent !== 'browser') {
          if (!snap.unchanged()) return sent.value.image.bitmap.close(); // the document moved on
          const run = stepRun(sent.value.runs[0], sent.report.ms);
          const ran = run.engine?.split('+') ?? [];
          store.getState().apply({
            kind: 'replace-pixels',
            step: { ...step, engine: ran.length === 1 ? ran[0] : engine },
            run,
            before: snap.image,
            after: pixels.fromJob(sent.value.image, snap.image),
          });
          const used = [...new Set(ran.map((e) => ENGINE_LABEL[e] ?? e))].join(' + ') || 'none';
          store.getState().setRanOn('remove', `${used} ${serverLine(sent.report.ms)}`);
          store
            .getState()
            .notify(
              'info',
              `Removed with ${used} on the server.`,
              'Undo brings the pixels and the mask back; hold \\ to compare with before.',
            );
          return;
        }
      }
      const result = await runJob(
        store,
        'Remove',
        (opts) =>
          client.run(
            'inpaint',
            pixels.forJob(snap.image),
            () => ({ mask: rasteriseStrokes(width, height, strokes), engine, dilate }),
            opts,
          ),
        retry,
      );
      if (!result) return;
      if (!snap.unchanged()) return result.value.image.bitmap.close(); // the document moved on
      const { image, runs } = result.value;
      const after = pixels.fromJob(image, snap.image);
      const backend = runs.find((r) => r.backend)?.backend ?? result.report.backend ?? undefined;
      const used = enginesUsed(runs);
      store.getState().apply({
        kind: 'replace-pixels',
        step: { op: 'inpaint', strokes, engine: recordedEngine(engine, runs), dilate },
        run: {
          engine: [...new Set(runs.map((r) => r.engine))].join('+'),
          backend: backend ?? 'js',
          ...reportedModel(result.report),
          ms: result.report.ms,
        },
        before: snap.image,
        after,
      });
      const where = backendName(backend);
      store.getState().setRanOn('remove', `${used} ${where ? `on ${where}` : '(built in, no model)'}, ${took(result.report)}`);
      store
        .getState()
        .notify(
          'info',
          `Removed ${runs.length} area${runs.length === 1 ? '' : 's'} with ${used}.`,
          'Undo brings the pixels and the mask back; hold \\ to compare with before.',
        );
    },
  };
  return action;
}
