// The tools, registered as objects in one list (design.md 6.6). Each turns pointer input, in
// source-image pixels and screen pixels, into store calls. Pan is also available from any
// tool with the middle button or while holding space (handled by the stage).
import { normaliseBox, isUsableBox } from './box-edit.ts';
import { createReviewGesture } from './review-gesture.ts';
import { activeReview } from './slices/text-review.ts';
import type { EditorState, EditorStore } from './store.ts';
import type { ToolId } from './slices/tools.ts';

export interface PointerInput {
  /** Source-image pixel coordinates (fractional). */
  image: [number, number];
  /** Screen coordinates relative to the stage. */
  screen: [number, number];
}

export interface Tool {
  id: ToolId;
  label: string;
  shortcut: string;
  /** What the pointer looks like over the image. */
  cursor: 'brush' | 'crosshair' | 'grab';
  hint: string;
  down(store: EditorStore, p: PointerInput): void;
  move(store: EditorStore, p: PointerInput): void;
  up(store: EditorStore, p: PointerInput): void;
}

function lineTool(id: 'brush' | 'eraser', label: string, shortcut: string, erase: boolean, hint: string): Tool {
  return {
    id,
    label,
    shortcut,
    cursor: 'brush',
    hint,
    down: (s, p) => s.getState().beginStroke(p.image[0], p.image[1], erase),
    move: (s, p) => s.getState().extendStroke(p.image[0], p.image[1]),
    up: (s) => s.getState().endGesture(),
  };
}

/** Drags the view; remembers the last screen point between moves. */
export function createPanGesture() {
  let last: [number, number] | null = null;
  return {
    down: (_s: EditorStore, p: PointerInput) => {
      last = p.screen;
    },
    move: (s: EditorStore, p: PointerInput) => {
      if (!last) return;
      s.getState().panBy(p.screen[0] - last[0], p.screen[1] - last[1]);
      last = p.screen;
    },
    up: () => {
      last = null;
    },
  };
}

export const TOOLS: readonly Tool[] = [
  lineTool('brush', 'Brush', 'b', false, 'Paint over what should be removed'),
  lineTool('eraser', 'Eraser', 'e', true, 'Erase parts of the mask'),
  {
    id: 'rectangle',
    label: 'Rectangle',
    shortcut: 'r',
    cursor: 'crosshair',
    hint: 'Drag a box to mask it',
    down: (s, p) => s.getState().beginRect(p.image[0], p.image[1]),
    move: (s, p) => s.getState().extendRect(p.image[0], p.image[1]),
    up: (s) => s.getState().endGesture(),
  },
  { id: 'pan', label: 'Pan', shortcut: 'h', cursor: 'grab', hint: 'Drag to move the view', ...createPanGesture() },
  {
    id: 'region',
    label: 'Region',
    shortcut: 'g',
    cursor: 'crosshair',
    hint: 'Drag a box to limit text detection to it',
    ...createRegionGesture(),
  },
];

/** Drags the text-detection region (whole pixels, inside the image); a click clears it. */
function createRegionGesture() {
  let from: [number, number] | null = null;
  const region = (s: EditorStore, p: PointerInput) => {
    const img = s.getState().doc!.image;
    return normaliseBox([from![0], from![1], p.image[0], p.image[1]], img.width, img.height);
  };
  return {
    down: (s: EditorStore, p: PointerInput) => {
      from = p.image;
      s.getState().setTextRegion(null);
    },
    move: (s: EditorStore, p: PointerInput) => {
      if (from) s.getState().setTextRegion(region(s, p));
    },
    up: (s: EditorStore, p: PointerInput) => {
      if (!from) return;
      const r = region(s, p);
      from = null;
      s.getState().setTextRegion(isUsableBox(r) ? r : null);
    },
  };
}

const reviewGesture = createReviewGesture();

/**
 * What the pointer does with the active tool: while text boxes are under review, every tool
 * but Pan and Region edits the boxes (the Rectangle adds missed ones).
 */
export function gestureFor(s: EditorState): Pick<Tool, 'down' | 'move' | 'up'> {
  if (activeReview(s) && s.tool !== 'pan' && s.tool !== 'region') return reviewGesture;
  return toolById(s.tool);
}

export function toolById(id: ToolId): Tool {
  return TOOLS.find((t) => t.id === id)!;
}
