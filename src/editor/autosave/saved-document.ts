// What autosave keeps of a document, as plain data: the source's facts (its bytes are stored
// once, apart), the operations as manifest steps (replayed in the worker on restore, like an
// imported bundle), the mask strokes not yet used, the text boxes under review, and the
// settings. Live strokes and review boxes are in the pixels of the image shown, which the
// replay rebuilds at the same size.
import type { Manifest, Run } from '../../ops/manifest.ts';
import type { Mask, Stroke } from '../../core/types.ts';
import type { Edit } from '../edits.ts';
import { executedSteps } from '../manifest.ts';
import type { EngineSetting } from '../slices/settings.ts';
import type { TextReview } from '../slices/text-review.ts';
import type { ToolId } from '../slices/tools.ts';
import type { EditorState } from '../store.ts';

export interface SavedSettings {
  tool: ToolId;
  brushSize: number;
  maskOpacity: number;
  maskVisible: boolean;
  inpaintEngine: EngineSetting;
  inpaintDilate: number;
  reviewBoxesFirst: boolean;
  upscaleModel: string | null;
}

/** The list entry: enough to offer "Restore photo.jpg, edited at 14:32, 3 steps". */
export interface SavedSummary {
  key: string;
  name: string;
  editedAt: number;
  /** Undo steps a restore gives: the operations, and the mask edits made since the last one. */
  steps: number;
  /** Source file size: what restoring reads. */
  bytes: number;
}

export interface SavedDocument extends SavedSummary {
  /** The source's facts, checked against the stored bytes on restore. */
  source: { name: string; sha256: string; width: number; height: number; mime: string };
  /** The steps that made the image shown (no result: nothing was exported). */
  manifest: Manifest;
  /** How each step ran, by step: a detect_text step with accepted boxes replays without running. */
  runs: Run[];
  /** Mask files the steps name (imported masks, strokes with no exact source form), by name. */
  masks: Record<string, Mask>;
  /** Mask edits (brush, eraser, rectangle) not yet used by an operation, in the shown image's pixels. */
  live: Array<{ label: string; strokes: Stroke[] }>;
  review: Pick<TextReview, 'purpose' | 'boxes' | 'region' | 'ranOn' | 'run'> | null;
  settings: SavedSettings;
}

/** Where a saved step's mask is named (relative, as a bundle's are). */
const maskName = (step: number) => `masks/step-${step}.png`;

/** Whether the document holds work worth keeping: an edit in its history, or boxes under review. */
export function hasWork(s: Pick<EditorState, 'doc' | 'history' | 'review'>): boolean {
  return !!s.doc && (s.history.done.length > 0 || s.review !== null);
}

/**
 * The hand-made mask edits since the last operation or clear: not manifest steps (accepted
 * text boxes are, as detect_text), so they are kept as they are.
 */
export function liveEdits(done: readonly Edit[]): Array<{ label: string; strokes: Stroke[] }> {
  const out: Array<{ label: string; strokes: Stroke[] }> = [];
  for (const e of done) {
    if (e.kind !== 'mask') out.length = 0;
    else if (!e.step) out.push({ label: e.label, strokes: e.strokes });
  }
  return out;
}

/** The document as autosave keeps it; null when there is nothing to keep. */
export function savedDocument(s: EditorState, key: string, now: number): SavedDocument | null {
  if (!s.doc || !hasWork(s)) return null;
  const f = s.doc.file;
  const { steps, runs, masks } = executedSteps(s.history.done, f.width, maskName);
  const review = s.review && s.review.image === s.doc.image ? s.review : null;
  const live = liveEdits(s.history.done);
  return {
    key,
    name: f.name,
    editedAt: now,
    steps: steps.length + live.length,
    bytes: f.bytes,
    source: { name: f.name, sha256: f.sha256, width: f.width, height: f.height, mime: f.mime },
    manifest: {
      type: 'cleanplate.manifest',
      version: 1,
      source: { file: f.name, sha256: f.sha256, width: f.width, height: f.height },
      steps: steps as Manifest['steps'],
    },
    runs,
    masks: Object.fromEntries(Object.entries(masks).map(([i, m]) => [maskName(Number(i)), m])),
    live,
    review: review ? { purpose: review.purpose, boxes: review.boxes, region: review.region, ranOn: review.ranOn, run: review.run } : null,
    settings: {
      tool: s.tool,
      brushSize: s.brushSize,
      maskOpacity: s.maskOpacity,
      maskVisible: s.maskVisible,
      inpaintEngine: s.inpaintEngine,
      inpaintDilate: s.inpaintDilate,
      reviewBoxesFirst: s.reviewBoxesFirst,
      upscaleModel: s.upscaleModel,
    },
  };
}

/** "photo.jpg, edited at 14:32, 3 steps" (today) or with the date (earlier). */
export function describeSaved(d: SavedSummary, now = new Date()): string {
  const at = new Date(d.editedAt);
  const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const when = at.toDateString() === now.toDateString() ? time : `${at.toLocaleDateString()} ${time}`;
  return `${d.name}, edited at ${when}, ${d.steps} step${d.steps === 1 ? '' : 's'}`;
}
