// Text flows. Detect text finds boxes (inside the drawn region, if any) and puts them up for
// review; Accept boxes turns them into mask strokes as one undoable step, Discard drops them.
// Remove text detects, masks and fills in one click (or after the review when "Review boxes
// first" is on); the worker detects again on the result and any text still found is flagged:
// outlined on the photo and counted in a notice.
import type { Box, ScoredBox, Stroke } from '../../core/types.ts';
import type { Action } from '../actions.ts';
import type { WorkerPixels } from '../pixels.ts';
import { activeLeftover, activeReview, type ReviewBox } from '../slices/text-review.ts';
import type { EditorState, EditorStore } from '../store.ts';
import { backendName, ready, runJob, snapshot, took, type OperationsClient, type Snapshot } from './run-job.ts';
import { textFillLine } from './remove.ts';
import { reportedModel } from '../../worker/client.ts';
import { redactReviewed } from './redact.ts';
import type { JobResult, ServerJobResult } from '../../worker/client.ts';
import type { ManifestStep } from '../edits.ts';
import { placeJob, runOnServer, serverLine, stepRun } from './placement.ts';

/** Boxes grow by this much when masked, so anti-aliased glyph edges are inside the mask. */
export const TEXT_BOX_PADDING = 2;

export function textBoxStrokes(boxes: readonly { box: Box }[], width: number, height: number): Stroke[] {
  const p = TEXT_BOX_PADDING;
  return boxes.map(({ box: [x0, y0, x1, y1] }) => ({
    points: [Math.max(0, x0 - p), Math.max(0, y0 - p), Math.min(width, x1 + p), Math.min(height, y1 + p)],
    width: 1,
    shape: 'rect' as const,
  }));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : /(x|s)$/.test(word) ? 'es' : 's'}`;
const tuple = (b: ScoredBox): [number, number, number, number, number] => [...b.box, Math.round(b.score * 1000) / 1000];
const idle = (s: EditorState) => ready(s) && !activeReview(s);

/** Runs detection and opens the review (purpose decides what Accept does). */
async function detectForReview(
  store: EditorStore,
  client: OperationsClient,
  pixels: WorkerPixels,
  purpose: 'mask' | 'remove',
  label: string,
  retry: () => void,
): Promise<void> {
  const snap = snapshot(store);
  if (!snap) return;
  const region = store.getState().textRegion;
  const result = await runJob(
    store,
    label,
    (opts) => client.run('detect_text', pixels.forJob(snap.image), region ? { region } : {}, opts),
    retry,
  );
  if (!result || !snap.unchanged()) return;
  const { boxes, model, models, backend } = result.value;
  const ranOn = `${(models ?? [model]).map((m) => m.id).join(' + ')} ran on ${backendName(backend)}, ${took(result.report)}`;
  const s = store.getState();
  s.setRanOn('detect', ranOn);
  const where = region ? ' in the region' : '';
  if (boxes.length === 0) return s.notify('info', `No text found${where}.`, `Detection ${ranOn}.`);
  const run = { model, ...(models ? { models } : {}), ...(backend ? { backend } : {}), ms: result.report.ms, boxes: boxes.map(tuple) };
  s.startReview({ purpose, image: snap.image, boxes: boxes.map((b): ReviewBox => ({ box: b.box, score: b.score })), region, ranOn, run });
  if (s.tool !== 'pan') s.setTool('rectangle');
  s.notify(
    'info',
    `Found ${plural(boxes.length, 'text box')}${where}; detection ${ranOn}.`,
    `Click a box and press Delete to drop it, drag its handles to adjust, drag on the photo to add one, then ${purpose === 'mask' ? 'Accept boxes' : 'Remove text in boxes'}.`,
  );
}

/** Fills text (the reviewed boxes, or what the worker detects) and flags what is left. */
async function removeTextNow(
  store: EditorStore,
  client: OperationsClient,
  pixels: WorkerPixels,
  snap: Snapshot,
  region: Box | null,
  reviewed: Box[] | null,
  retry: () => void,
): Promise<void> {
  const options = { ...(region ? { region } : {}), ...(reviewed ? { boxes: reviewed } : {}) };
  const { width, height } = snap.image;
  if (placeJob(store.getState().backendChoice, width * height) === 'server') {
    const step = { op: 'remove_text' as const, ...options };
    const sent = await runOnServer(store, client, pixels.forJob(snap.image), [step], 'Remove text', retry);
    if (sent === null) return;
    if (sent !== 'browser') return landServerResult(store, pixels, snap, region, step, sent);
  }
  const result = await runJob(store, 'Remove text', (opts) => client.run('remove_text', pixels.forJob(snap.image), options, opts), retry);
  if (!result) return;
  const { image, boxes, runs, leftover, changedOutside } = result.value;
  if (!snap.unchanged() || boxes.length === 0) image.bitmap.close(); // not shown
  if (!snap.unchanged()) return;
  const s = store.getState();
  if (boxes.length === 0) return s.notify('info', `No text found${region ? ' in the region' : ''}.`, 'The image was not changed.');
  const after = pixels.fromJob(image, snap.image);
  const backend = result.report.backend ?? undefined;
  store.getState().apply({
    kind: 'replace-pixels',
    step: { op: 'remove_text', ...options },
    run: {
      engine: [...new Set(runs.map((r) => r.engine))].join('+'),
      ...(backend ? { backend } : {}),
      ...reportedModel(result.report),
      ms: result.report.ms,
      boxes: boxes.map(tuple),
      leftover: leftover.map(tuple),
      ...(changedOutside ? { changed_outside: changedOutside } : {}),
    },
    before: snap.image,
    after,
  });
  store
    .getState()
    .setLeftover(leftover.length || changedOutside ? { image: after, boxes: leftover.map((b) => b.box), changedOutside } : null);
  store
    .getState()
    .setRanOn('remove-text', `detection on ${backendName(backend) ?? 'the worker'}, ${textFillLine(runs)}, ${took(result.report)}`);
  if (changedOutside) {
    store
      .getState()
      .notify(
        'warning',
        `Check the result: ${changedOutside} pixels changed outside the text boxes.`,
        `${leftover.length ? `${plural(leftover.length, 'area')} also still read as text (outlined in red). ` : ''}Hold \\ to compare with before; undo brings the photo back.`,
      );
  } else if (leftover.length) {
    store
      .getState()
      .notify(
        'info',
        `Leftover text: ${plural(leftover.length, 'area')} still read as text.`,
        'They are outlined in red on the photo. Use Mask leftover and Remove, or brush over them.',
      );
  } else {
    store
      .getState()
      .notify(
        'info',
        `Removed text in ${plural(boxes.length, 'box')}; no leftover text found.`,
        'Hold \\ to compare with before; undo brings the text back.',
      );
  }
}

/** A Remove text the server ran: applied and flagged as a local one is, from the server's run record. */
function landServerResult(
  store: EditorStore,
  pixels: WorkerPixels,
  snap: Snapshot,
  region: Box | null,
  step: ManifestStep,
  sent: JobResult<ServerJobResult>,
): void {
  const { image, runs } = sent.value;
  const run = stepRun(runs[0], sent.report.ms);
  const boxes = run.boxes ?? [];
  if (!snap.unchanged() || boxes.length === 0) image.bitmap.close(); // not shown
  if (!snap.unchanged()) return;
  const s = store.getState();
  if (boxes.length === 0) return s.notify('info', `No text found${region ? ' in the region' : ''}.`, 'The image was not changed.');
  const after = pixels.fromJob(image, snap.image);
  s.apply({ kind: 'replace-pixels', step, run, before: snap.image, after });
  const leftover = run.leftover ?? [];
  const changedOutside = run.changed_outside ?? 0;
  s.setLeftover(
    leftover.length || changedOutside
      ? { image: after, boxes: leftover.map((b) => [b[0], b[1], b[2], b[3]] as Box), changedOutside }
      : null,
  );
  s.setRanOn('remove-text', `detection and fill (${run.engine ?? 'built in'}) ${serverLine(sent.report.ms)}`);
  if (changedOutside)
    s.notify(
      'warning',
      `Check the result: ${changedOutside} pixels changed outside the text boxes.`,
      'Hold \\ to compare with before; undo brings the photo back.',
    );
  else if (leftover.length)
    s.notify(
      'info',
      `Leftover text: ${plural(leftover.length, 'area')} still read as text.`,
      'They are outlined in red on the photo. Use Mask leftover and Remove, or brush over them.',
    );
  else
    s.notify(
      'info',
      `Removed text in ${plural(boxes.length, 'box')} on the server; no leftover text found.`,
      'Hold \\ to compare with before; undo brings the text back.',
    );
}

export function textActions(client: OperationsClient, pixels: WorkerPixels): Action[] {
  const detect: Action = {
    id: 'detect-text',
    label: 'Detect text',
    shortcuts: ['shift+t'],
    group: 'operation',
    enabled: idle,
    run: (ctx) => detectForReview(ctx.store, client, pixels, 'mask', 'Detect text', () => void detect.run(ctx)),
  };
  const removeText: Action = {
    id: 'remove-text',
    label: 'Remove text',
    shortcuts: ['shift+x'],
    group: 'operation',
    enabled: idle,
    async run(ctx) {
      const { store } = ctx;
      const retry = () => void removeText.run(ctx);
      if (store.getState().reviewBoxesFirst) return detectForReview(store, client, pixels, 'remove', 'Remove text', retry);
      const snap = snapshot(store);
      if (snap) await removeTextNow(store, client, pixels, snap, store.getState().textRegion, null, retry);
    },
  };
  const accept: Action = {
    id: 'accept-boxes',
    label: 'Accept boxes',
    shortcuts: ['enter'],
    group: 'review',
    enabled: (s) => ready(s) && !!activeReview(s),
    async run(ctx) {
      const { store } = ctx;
      const s = store.getState();
      const review = activeReview(s);
      const snap = snapshot(store);
      if (!review || !snap) return;
      s.endReview();
      if (review.boxes.length === 0) return s.notify('info', 'No boxes left to accept.', 'Nothing was changed.');
      if (review.purpose === 'redact') return redactReviewed(store, client, pixels, review, () => void accept.run(ctx));
      if (review.purpose === 'remove') {
        return removeTextNow(
          store,
          client,
          pixels,
          snap,
          review.region,
          review.boxes.map((b) => b.box),
          () => void accept.run(ctx),
        );
      }
      const strokes = textBoxStrokes(review.boxes, snap.image.width, snap.image.height);
      // Recorded as a detect_text step with the accepted boxes, so the manifest replays them.
      const step = { op: 'detect_text', ...(review.region ? { region: review.region } : {}), boxes: review.boxes.map((b) => b.box) };
      s.apply({ kind: 'mask', label: 'Text boxes', strokes, step, ...(review.run ? { run: review.run } : {}) });
      s.notify(
        'info',
        `Masked ${plural(strokes.length, 'text area')}.`,
        'Press Remove to fill them; one undo takes the boxes off the mask.',
      );
    },
  };
  const discard: Action = {
    id: 'discard-boxes',
    label: 'Discard boxes',
    shortcuts: ['escape'],
    group: 'review',
    enabled: (s) => !!activeReview(s),
    run: ({ store }) => store.getState().endReview(),
  };
  const deleteBox: Action = {
    id: 'delete-box',
    label: 'Delete box',
    shortcuts: ['delete', 'backspace'],
    group: 'review',
    enabled: (s) => activeReview(s)?.selected != null,
    run: ({ store }) => store.getState().deleteSelectedBox(),
  };
  const maskLeftover: Action = {
    id: 'mask-leftover',
    label: 'Mask leftover',
    shortcuts: [],
    group: 'review',
    enabled: (s) => idle(s) && activeLeftover(s).length > 0,
    run({ store }) {
      const s = store.getState();
      const img = s.doc!.image;
      s.apply({
        kind: 'mask',
        label: 'Leftover text',
        strokes: textBoxStrokes(
          activeLeftover(s).map((box) => ({ box })),
          img.width,
          img.height,
        ),
      });
      s.setLeftover(null);
    },
  };
  return [detect, removeText, accept, discard, deleteBox, maskLeftover];
}
