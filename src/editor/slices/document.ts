// Document slice: the open image, its file facts, and the mask at full image resolution.
// The mask buffer is mutated in place for speed (24 MP); every change is announced with the
// box it touched, so views repaint only that rectangle.
import type { StateCreator } from 'zustand';
import type { Box, Mask } from '../../core/types.ts';
import type { ImageFormat } from '../../core/image-header.ts';
import { emptyHistory } from '../../core/history.ts';
import { imagesOf, releaseImage, type DocumentImage } from '../edits.ts';
import type { EditorState } from '../store.ts';
import { suggestedBrushSize } from './tools.ts';

export interface SourceFile {
  name: string;
  format: ImageFormat;
  mime: string;
  bytes: number;
  sha256: string;
  /** Size of the opened image, upright (EXIF orientation applied). */
  width: number;
  height: number;
  hasAlpha: boolean;
  bitDepth?: number;
  /** The file as opened (not a copy): export bundles carry it so they replay on their own. */
  blob?: Blob;
  /** The file's ICC profile: pixels keep the file's own colour values, and exports carry it back. */
  icc?: Uint8Array;
}

export interface EditorDocument {
  /** Changes whenever a different file is opened. */
  id: number;
  file: SourceFile;
  image: DocumentImage;
}

export type MaskListener = (box: Box) => void;

export interface DocumentSlice {
  doc: EditorDocument | null;
  mask: Mask | null;
  /** Replaces the document: new mask, empty history, a brush that suits the size, view fitted. */
  openDocument(file: SourceFile, image: DocumentImage): void;
  /** Announces that the mask changed inside `box` (the buffer was written in place). */
  maskChanged(box: Box | null): void;
  /** Registers a mask-change listener; returns its removal. */
  onMaskChange(listener: MaskListener): () => void;
}

let nextId = 1;

export const createDocumentSlice: StateCreator<EditorState, [], [], DocumentSlice> = (set, get) => {
  const listeners = new Set<MaskListener>();
  return {
    doc: null,
    mask: null,
    openDocument(file, image) {
      const { doc, history } = get();
      get().cancelJob(); // a running job's result would belong to the old image
      const old = imagesOf(doc?.image, history.done, history.undone).filter((i) => i !== image);
      const mask: Mask = { width: image.width, height: image.height, data: new Uint8Array(image.width * image.height) };
      set({
        doc: { id: nextId++, file, image },
        mask,
        history: emptyHistory(),
        live: null,
        review: null,
        textRegion: null,
        leftover: null,
        comparing: false,
        brushSize: suggestedBrushSize(image.width, image.height),
      });
      get().fitToView();
      // A 24 MP bitmap is ~96 MB: free it rather than wait for the collector, once views have
      // moved to the new image (a draw already scheduled must not meet a closed bitmap).
      if (old.length) setTimeout(() => old.forEach(releaseImage), 1000);
    },
    maskChanged(box) {
      // Listeners only, no state change: brushing re-renders nothing in React.
      if (!box) return;
      for (const l of listeners) l(box);
    },
    onMaskChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};
