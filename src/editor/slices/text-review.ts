// Text review slice: the boxes "Detect text" found, shown over the photo for the operator to
// delete, adjust and add to before they become mask (or are filled, for Remove text); the
// region detection is limited to; and leftover text flagged after Remove text. Boxes are in
// source pixels of the image they were found on, and are shown only while that image is.
// Not undoable until accepted: accepting is one history step.
import type { StateCreator } from 'zustand';
import type { Box } from '../../core/types.ts';
import { isUsableBox, normaliseBox } from '../box-edit.ts';
import type { DocumentImage, StepRun } from '../edits.ts';
import type { EditorState } from '../store.ts';
import type { ToolId } from './tools.ts';

export interface ReviewBox {
  box: Box;
  /** Detector confidence; null for a box the operator drew. */
  score: number | null;
}

export interface TextReview {
  /** What Accept does: mask the boxes (Detect text), fill them (Remove text) or redact them (Redact faces/text). */
  purpose: 'mask' | 'remove' | 'redact';
  /** For purpose 'redact': what was looked for (recorded in the step). */
  targets?: ('faces' | 'text')[];
  image: DocumentImage;
  boxes: ReviewBox[];
  selected: number | null;
  /** The region detection was limited to, if any. */
  region: Box | null;
  /** "PP-OCRv3 (ppocr-v3-det-ch) on WASM". */
  ranOn: string;
  /** How detection ran (model, backend, ms, the boxes found), for the step Accept records. */
  run?: StepRun;
  /** The tool in use when the review began: ending the review goes back to it. */
  toolBefore: ToolId;
}

export interface TextReviewSlice {
  review: TextReview | null;
  /** Region that text detection is limited to, or null for the whole image. */
  textRegion: Box | null;
  /**
   * What Remove text flagged on its result: text still found there, and pixels changed
   * outside the text boxes (should be none); null when the result is clean.
   */
  leftover: { image: DocumentImage; boxes: Box[]; changedOutside?: number } | null;
  /** Shows the boxes for review, remembering the tool in use to return to it afterwards. */
  startReview(review: Omit<TextReview, 'selected' | 'toolBefore'>): void;
  selectBox(index: number | null): void;
  /** Replaces a box (whole pixels, clipped to the image). */
  updateBox(index: number, box: Box): void;
  /** Adds an operator box and selects it; returns its index. */
  addBox(box: Box): number;
  deleteSelectedBox(): void;
  /** Drops boxes too small to be real (a click taken for a drag). */
  dropTinyBoxes(): void;
  /** Ends the review; a tool still on the review's Rectangle goes back to the one before it. */
  endReview(): void;
  setTextRegion(region: Box | null): void;
  setLeftover(leftover: TextReviewSlice['leftover']): void;
}

/** The review, when it belongs to the image on screen. */
export function activeReview(s: Pick<EditorState, 'review' | 'doc'>): TextReview | null {
  return s.review && s.doc && s.review.image === s.doc.image ? s.review : null;
}

const NONE: Box[] = [];

/** Leftover boxes to flag, when they belong to the image on screen (a stable empty list otherwise, for selectors). */
export function activeLeftover(s: Pick<EditorState, 'leftover' | 'doc'>): readonly Box[] {
  return s.leftover && s.doc && s.leftover.image === s.doc.image ? s.leftover.boxes : NONE;
}

/** Pixels the last Remove text changed outside its text boxes, when its result is on screen. */
export function activeChangedOutside(s: Pick<EditorState, 'leftover' | 'doc'>): number {
  return s.leftover && s.doc && s.leftover.image === s.doc.image ? (s.leftover.changedOutside ?? 0) : 0;
}

export const createTextReviewSlice: StateCreator<EditorState, [], [], TextReviewSlice> = (set, get) => {
  const size = () => get().doc?.image ?? { width: 0, height: 0 };
  const change = (f: (r: TextReview) => Partial<TextReview>) => {
    const r = activeReview(get());
    if (r) set({ review: { ...r, ...f(r) } });
  };
  return {
    review: null,
    textRegion: null,
    leftover: null,
    startReview(review) {
      const before = get().review?.toolBefore ?? get().tool; // a review replacing a review keeps the first's tool
      set({ review: { ...review, selected: null, toolBefore: before } });
    },
    selectBox(index) {
      change(() => ({ selected: index }));
    },
    updateBox(index, box) {
      const { width, height } = size();
      change((r) => ({ boxes: r.boxes.map((b, i) => (i === index ? { ...b, box: normaliseBox(box, width, height) } : b)) }));
    },
    addBox(box) {
      const { width, height } = size();
      const r = activeReview(get());
      if (!r) return -1;
      set({ review: { ...r, boxes: [...r.boxes, { box: normaliseBox(box, width, height), score: null }], selected: r.boxes.length } });
      return r.boxes.length;
    },
    deleteSelectedBox() {
      change((r) => (r.selected === null ? {} : { boxes: r.boxes.filter((_, i) => i !== r.selected), selected: null }));
    },
    dropTinyBoxes() {
      change((r) => {
        const keep = r.boxes.filter((b) => isUsableBox(b.box));
        return keep.length === r.boxes.length ? {} : { boxes: keep, selected: null };
      });
    },
    endReview() {
      const r = get().review;
      set({ review: null });
      if (r && get().tool === 'rectangle' && r.toolBefore !== 'rectangle') get().setTool(r.toolBefore);
    },
    setTextRegion(region) {
      set({ textRegion: region });
    },
    setLeftover(leftover) {
      set({ leftover });
    },
  };
};
