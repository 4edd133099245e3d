// Redaction flows. Redact faces / Redact text find boxes (inside the drawn region, if any) and
// put them up for review exactly as Detect text does; accepting hides the reviewed boxes with
// the chosen style as one undoable step, recorded as a redact step with those boxes. The
// worker looks again on the result: a face or text still found is flagged like leftover text.
import type { Box, ScoredBox } from '../../core/types.ts';
import { reportedModel } from '../../worker/client.ts';
import type { Action } from '../actions.ts';
import type { WorkerPixels } from '../pixels.ts';
import { activeReview, type ReviewBox, type TextReview } from '../slices/text-review.ts';
import type { EditorState, EditorStore } from '../store.ts';
import { backendName, ready, runJob, snapshot, took, type OperationsClient } from './run-job.ts';

type Target = 'faces' | 'text';
const NAME: Record<Target, string> = { faces: 'face', text: 'text box' };
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : /(x|s)$/.test(word) ? 'es' : 's'}`;
const tuple = (b: ScoredBox): [number, number, number, number, number] => [...b.box, Math.round(b.score * 1000) / 1000];
const idle = (s: EditorState) => ready(s) && !activeReview(s);

async function findForReview(store: EditorStore, client: OperationsClient, pixels: WorkerPixels, target: Target, retry: () => void) {
  const snap = snapshot(store);
  if (!snap) return;
  const s0 = store.getState();
  const region = s0.textRegion;
  const label = target === 'faces' ? 'Redact faces' : 'Redact text';
  const options = { targets: [target], style: s0.redactStyle, detectOnly: true, ...(region ? { region } : {}) };
  const result = await runJob(store, label, (opts) => client.run('redact', pixels.forJob(snap.image), options, opts), retry);
  if (!result) return;
  result.value.image.bitmap.close(); // unchanged: detection only
  if (!snap.unchanged()) return;
  const { boxes, detectors } = result.value;
  const ranOn = `${detectors.map((m) => m.id).join(' + ')} ran on ${backendName(result.report.backend)}, ${took(result.report)}`;
  const s = store.getState();
  s.setRanOn('redact', ranOn);
  const where = region ? ' in the region' : '';
  if (boxes.length === 0)
    return s.notify('info', `No ${NAME[target]}${target === 'faces' ? 's' : 'es'} found${where}.`, `Detection ${ranOn}.`);
  s.startReview({
    purpose: 'redact',
    targets: [target],
    image: snap.image,
    boxes: boxes.map((b): ReviewBox => ({ box: b.box, score: b.score })),
    region,
    ranOn,
    run: { ...reportedModel(result.report), ms: result.report.ms, boxes: boxes.map(tuple) },
  });
  if (s.tool !== 'pan') s.setTool('rectangle');
  s.notify(
    'info',
    `Found ${plural(boxes.length, NAME[target])}${where} to redact; detection ${ranOn}.`,
    'Click a box and press Delete to drop it, drag its handles to adjust, drag on the photo to add one, then Accept boxes and redact.',
  );
}

/** Hides the reviewed boxes with the chosen style as one undo step (Accept of a redact review). */
export async function redactReviewed(
  store: EditorStore,
  client: OperationsClient,
  pixels: WorkerPixels,
  review: TextReview,
  retry: () => void,
): Promise<void> {
  const snap = snapshot(store);
  if (!snap) return;
  const style = store.getState().redactStyle;
  const targets = review.targets ?? ['faces'];
  const boxes: Box[] = review.boxes.map((b) => b.box);
  const options = { targets, style, boxes, ...(review.region ? { region: review.region } : {}) };
  const result = await runJob(store, 'Redact', (opts) => client.run('redact', pixels.forJob(snap.image), options, opts), retry);
  if (!result) return;
  const { image, leftover, runs } = result.value;
  if (!snap.unchanged()) return image.bitmap.close();
  const after = pixels.fromJob(image, snap.image);
  const backend = result.report.backend ?? undefined;
  const s = store.getState();
  s.apply({
    kind: 'replace-pixels',
    step: { op: 'redact', ...options },
    run: {
      ...(runs.length ? { engine: [...new Set(runs.map((r) => r.engine))].join('+') } : {}),
      ...(backend ? { backend } : {}),
      ...reportedModel(result.report),
      ms: result.report.ms,
      boxes: boxes.map((b) => [...b, 1] as [number, number, number, number, number]),
      leftover: leftover.map(tuple),
    },
    before: snap.image,
    after,
  });
  s.setLeftover(leftover.length ? { image: after, boxes: leftover.map((b) => b.box) } : null);
  s.setRanOn('redact', `${style}, verified on ${backendName(backend) ?? 'the worker'}, ${took(result.report)}`);
  if (leftover.length)
    s.notify(
      'info',
      `Leftover: ${plural(leftover.length, 'area')} still read as ${targets.join(' or ')} after redaction.`,
      'They are outlined in red on the photo. Redact them again with a larger box, or use fill.',
    );
  else s.notify('info', `Redacted ${plural(boxes.length, 'box')} (${style}); nothing is found there any more.`, 'Undo brings them back.');
}

export function redactActions(client: OperationsClient, pixels: WorkerPixels): Action[] {
  const faces: Action = {
    id: 'redact-faces',
    label: 'Redact faces',
    shortcuts: ['shift+f'],
    group: 'operation',
    enabled: idle,
    run: (ctx) => findForReview(ctx.store, client, pixels, 'faces', () => void faces.run(ctx)),
  };
  const text: Action = {
    id: 'redact-text',
    label: 'Redact text',
    shortcuts: ['shift+w'],
    group: 'operation',
    enabled: idle,
    run: (ctx) => findForReview(ctx.store, client, pixels, 'text', () => void text.run(ctx)),
  };
  return [faces, text];
}
