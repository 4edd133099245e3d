// The tools, registered as objects in one list (design.md 6.6). Each turns pointer input, in
// source-image pixels and screen pixels, into store calls. Pan is also available from any
// tool with the middle button or while holding space (handled by the stage).
import type { EditorStore } from './store.ts';
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
    id, label, shortcut, cursor: 'brush', hint,
    down: (s, p) => s.getState().beginStroke(p.image[0], p.image[1], erase),
    move: (s, p) => s.getState().extendStroke(p.image[0], p.image[1]),
    up: (s) => s.getState().endGesture(),
  };
}

/** Drags the view; remembers the last screen point between moves. */
export function createPanGesture() {
  let last: [number, number] | null = null;
  return {
    down: (_s: EditorStore, p: PointerInput) => { last = p.screen; },
    move: (s: EditorStore, p: PointerInput) => {
      if (!last) return;
      s.getState().panBy(p.screen[0] - last[0], p.screen[1] - last[1]);
      last = p.screen;
    },
    up: () => { last = null; },
  };
}

export const TOOLS: readonly Tool[] = [
  lineTool('brush', 'Brush', 'b', false, 'Paint over what should be removed'),
  lineTool('eraser', 'Eraser', 'e', true, 'Erase parts of the mask'),
  {
    id: 'rectangle', label: 'Rectangle', shortcut: 'r', cursor: 'crosshair', hint: 'Drag a box to mask it',
    down: (s, p) => s.getState().beginRect(p.image[0], p.image[1]),
    move: (s, p) => s.getState().extendRect(p.image[0], p.image[1]),
    up: (s) => s.getState().endGesture(),
  },
  { id: 'pan', label: 'Pan', shortcut: 'h', cursor: 'grab', hint: 'Drag to move the view', ...createPanGesture() },
];

export function toolById(id: ToolId): Tool {
  return TOOLS.find((t) => t.id === id)!;
}
