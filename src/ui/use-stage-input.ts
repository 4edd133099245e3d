// Pointer, wheel and touch input on the stage: tools get source-pixel points (every coalesced
// event, so fast strokes stay smooth), the middle button or Space+drag pans from any tool,
// the wheel and pinch zoom about the pointer.
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import type Konva from 'konva';
import { createPanGesture, gestureFor, type PointerInput } from '../editor/tools.ts';
import { editorStore, pointerStore } from './editor-context.ts';
import { frameStats } from './frame-stats.ts';
import { listen } from './listen.ts';

type Handler = {
  down(s: typeof editorStore, p: PointerInput): void;
  move(s: typeof editorStore, p: PointerInput): void;
  up(s: typeof editorStore, p: PointerInput): void;
};

/** Wheel notches and trackpad pinches both arrive as wheel events; this maps them to a factor. */
function wheelFactor(e: WheelEvent): number {
  const px = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaMode === 2 ? e.deltaY * 400 : e.deltaY;
  return Math.exp(-px * (e.ctrlKey ? 0.01 : 0.002));
}

export function useStageInput(wrap: RefObject<HTMLDivElement | null>, cursor: RefObject<Konva.Group | null>) {
  const pan = useMemo(createPanGesture, []);
  const active = useRef<{ handler: Handler; id: number } | null>(null);
  const touches = useRef(new Map<number, [number, number]>());
  const pinch = useRef<{ dist: number; mid: [number, number] } | null>(null);

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const local = (e: PointerEvent | WheelEvent): [number, number] => {
      const r = el.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    const input = (e: PointerEvent): PointerInput => {
      const screen = local(e);
      return { screen, image: editorStore.getState().toImage(screen[0], screen[1]) };
    };
    const moveCursor = (p: PointerInput | null) => {
      const { doc } = editorStore.getState();
      const over = !!p && !!doc && p.image[0] >= 0 && p.image[1] >= 0 && p.image[0] < doc.image.width && p.image[1] < doc.image.height;
      pointerStore.setState({ at: over ? [Math.floor(p.image[0]), Math.floor(p.image[1])] : null });
      const g = cursor.current;
      if (!g) return;
      if (p) g.position({ x: p.image[0], y: p.image[1] });
      g.visible(!!p);
      g.getLayer()?.batchDraw();
    };
    const pinchState = () => {
      const [a, b] = [...touches.current.values()];
      return { dist: Math.hypot(a[0] - b[0], a[1] - b[1]), mid: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] as [number, number] };
    };

    const down = (e: PointerEvent) => {
      const s = editorStore.getState();
      if (e.pointerType === 'touch') {
        touches.current.set(e.pointerId, local(e));
        // A second finger turns the gesture into a pinch; the first finger's stroke is dropped.
        if (touches.current.size === 2) {
          if (active.current) {
            s.cancelGesture();
            active.current = null;
          }
          pinch.current = pinchState();
          return;
        }
        if (touches.current.size > 2) return;
      }
      if (!s.doc || active.current || (e.button !== 0 && e.button !== 1)) return;
      e.preventDefault();
      el.setPointerCapture(e.pointerId);
      const panning = e.button === 1 || pointerStore.getState().spaceHeld || s.tool === 'pan';
      const handler = panning ? pan : gestureFor(s);
      pointerStore.setState({ panning });
      active.current = { handler, id: e.pointerId };
      const t0 = performance.now();
      handler.down(editorStore, input(e));
      frameStats.add(performance.now() - t0);
    };

    const move = (e: PointerEvent) => {
      if (e.pointerType === 'touch' && touches.current.has(e.pointerId)) {
        touches.current.set(e.pointerId, local(e));
        if (touches.current.size === 2 && pinch.current) {
          const next = pinchState();
          const s = editorStore.getState();
          s.panBy(next.mid[0] - pinch.current.mid[0], next.mid[1] - pinch.current.mid[1]);
          if (pinch.current.dist > 0) s.zoomAt(next.mid[0], next.mid[1], (s.scale * next.dist) / pinch.current.dist);
          pinch.current = next;
          return;
        }
      }
      const a = active.current;
      if (a && a.id === e.pointerId) {
        const t0 = performance.now();
        const events = e.getCoalescedEvents?.() ?? [];
        for (const c of events.length ? events : [e]) a.handler.move(editorStore, input(c));
        frameStats.add(performance.now() - t0);
      }
      moveCursor(input(e));
    };

    const up = (e: PointerEvent) => {
      touches.current.delete(e.pointerId);
      if (touches.current.size < 2) pinch.current = null;
      const a = active.current;
      if (!a || a.id !== e.pointerId) return;
      active.current = null;
      if (el.hasPointerCapture(e.pointerId)) el.releasePointerCapture(e.pointerId);
      if (e.type === 'pointercancel' && a.handler !== pan) editorStore.getState().cancelGesture();
      else a.handler.up(editorStore, input(e));
      pointerStore.setState({ panning: false });
    };

    const leave = () => {
      if (!active.current) moveCursor(null);
    };

    const wheel = (e: WheelEvent) => {
      const s = editorStore.getState();
      if (!s.doc) return;
      e.preventDefault();
      const [sx, sy] = local(e);
      s.zoomAt(sx, sy, s.scale * wheelFactor(e));
    };

    const noMenu = (e: MouseEvent) => e.preventDefault();
    // The middle button would start the browser's autoscroll.
    const noAutoscroll = (e: MouseEvent) => {
      if (e.button === 1) e.preventDefault();
    };
    return listen(
      el,
      {
        pointerdown: down,
        pointermove: move,
        pointerup: up,
        pointercancel: up,
        pointerleave: leave,
        wheel,
        contextmenu: noMenu,
        mousedown: noAutoscroll,
      },
      { passive: false },
    );
  }, [wrap, cursor, pan]);
}
