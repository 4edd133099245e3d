// Keyboard first: J/K next/previous, A approve, R reject, E open in the editor, \ (hold) the
// photo before, D the change heatmap. Keys typed into a field (the reject reason) are the field's.
import { useEffect } from 'react';
import { listen } from '../listen.ts';
import { queueStore } from './review-context.ts';

const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

export function useReviewKeys() {
  useEffect(
    () =>
      listen(window, {
        keydown: (e: KeyboardEvent) => {
          const s = queueStore.getState();
          if (s.status !== 'ready' || s.rejecting || typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
          const act: Record<string, () => void> = {
            j: () => s.move(1),
            k: () => s.move(-1),
            a: () => s.approve(),
            r: () => s.startReject(),
            e: () => s.openInEditor(),
            d: () => s.toggleDiff(),
            '\\': () => s.toggleBefore(true),
          };
          const run = act[e.key.toLowerCase()];
          if (!run || (e.repeat && e.key !== 'j' && e.key !== 'k')) return;
          e.preventDefault();
          run();
        },
        keyup: (e: KeyboardEvent) => {
          if (e.key === '\\') queueStore.getState().toggleBefore(false);
        },
        blur: () => queueStore.getState().toggleBefore(false),
      }),
    [],
  );
}
