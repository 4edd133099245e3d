// The pointer while text boxes are under review: press on a box to select it and drag to move
// it, drag a handle of the selected box to resize it, drag on empty photo to add a box the
// detector missed (a click there just clears the selection).
import { dragBox, hitTest, type Handle } from './box-edit.ts';
import { activeReview } from './slices/text-review.ts';
import type { EditorStore } from './store.ts';
import type { PointerInput } from './tools.ts';
import type { Box } from '../core/types.ts';

/** Handle grab distance in screen pixels. */
export const HANDLE_SCREEN_PX = 7;

export function createReviewGesture() {
  let drag: { index: number; handle: Handle; from: [number, number]; orig: Box } | null = null;
  return {
    down(store: EditorStore, p: PointerInput) {
      const s = store.getState();
      const r = activeReview(s);
      if (!r) return;
      const hit = hitTest(
        r.boxes.map((b) => b.box),
        r.selected,
        p.image,
        HANDLE_SCREEN_PX / s.scale,
      );
      if (hit) {
        s.selectBox(hit.index);
        drag = { index: hit.index, handle: hit.handle, from: p.image, orig: r.boxes[hit.index].box };
        return;
      }
      const [x, y] = p.image;
      const index = s.addBox([x, y, x, y]);
      drag = index < 0 ? null : { index, handle: 'se', from: p.image, orig: [x, y, x, y] };
    },
    move(store: EditorStore, p: PointerInput) {
      if (!drag) return;
      const s = store.getState();
      const img = s.doc!.image;
      s.updateBox(drag.index, dragBox(drag.orig, drag.handle, p.image[0] - drag.from[0], p.image[1] - drag.from[1], img.width, img.height));
    },
    up(store: EditorStore) {
      if (!drag) return;
      drag = null;
      const s = store.getState();
      const before = activeReview(s)?.boxes.length ?? 0;
      s.dropTinyBoxes();
      if ((activeReview(store.getState())?.boxes.length ?? 0) < before) s.selectBox(null);
    },
  };
}
