// The react-konva stage: the photo, the mask overlay (full resolution, repainted by dirty
// rectangle), the rectangle being dragged and a brush cursor drawn at its true size.
import { useEffect, useRef, useState } from 'react';
import type Konva from 'konva';
import { Circle, Group, Image as KImage, Layer, Rect, Stage } from 'react-konva';
import { editorStore, usePointer, useEditor } from './editor-context.ts';
import { checkerTile } from './checkerboard.ts';
import { EmptyState } from './EmptyState.tsx';
import { MaskPainter } from './mask-painter.ts';
import { comparedImage, lastResult } from '../editor/slices/compare.ts';
import { TextOverlay } from './TextOverlay.tsx';
import { useStageInput } from './use-stage-input.ts';

function useViewSize(ref: React.RefObject<HTMLDivElement | null>) {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      editorStore.getState().setViewSize(Math.round(width), Math.round(height));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
}

function useMaskPainter(mask: ReturnType<typeof editorStore.getState>['mask'], layer: React.RefObject<Konva.Layer | null>) {
  const [painter, setPainter] = useState<MaskPainter | null>(null);
  useEffect(() => {
    if (!mask) return;
    const p = new MaskPainter(mask, () => layer.current?.draw());
    setPainter(p);
    const off = editorStore.getState().onMaskChange((box) => p.invalidate(box));
    return () => {
      off();
      p.dispose();
      setPainter(null);
    };
  }, [mask, layer]);
  // In the render where the mask is replaced, the old painter is about to be disposed: never show it.
  return painter?.mask === mask ? painter : null;
}

export function CanvasStage() {
  const wrap = useRef<HTMLDivElement>(null);
  const maskLayer = useRef<Konva.Layer>(null);
  const cursor = useRef<Konva.Group>(null);
  const v = useEditor((s) => ({
    doc: s.doc,
    mask: s.mask,
    scale: s.scale,
    x: s.x,
    y: s.y,
    w: s.viewWidth,
    h: s.viewHeight,
    opacity: s.maskOpacity,
    visible: s.maskVisible,
    tool: s.tool,
    brush: s.brushSize,
    rect: s.live?.shape === 'rect' ? s.live.points.join(',') : null,
    before: comparedImage(s),
    reviewing: s.review !== null,
    canCompare: lastResult(s.history.done) !== null,
  }));
  const { spaceHeld, panning } = usePointer((p) => ({ spaceHeld: p.spaceHeld, panning: p.panning }));
  useViewSize(wrap);
  useStageInput(wrap, cursor);
  const painter = useMaskPainter(v.mask, maskLayer);

  const panMode = panning || spaceHeld || v.tool === 'pan';
  const mode = !v.doc
    ? 'empty'
    : panMode
      ? panning
        ? 'grabbing'
        : 'grab'
      : v.tool === 'rectangle' || v.tool === 'region' || v.reviewing
        ? 'crosshair'
        : 'brush';
  const [rx0, ry0, rx1, ry1] = v.rect ? v.rect.split(',').map(Number) : [0, 0, 0, 0];
  const image = v.doc?.image;
  // While comparing, the image before the last result is drawn at the current size (an
  // upscale's before is stretched over its after) and the mask, which belongs to the after, is hidden.
  const shown = v.before ?? image;

  return (
    <div ref={wrap} className={`stage stage-${mode}`} data-testid="stage" role="region" aria-label="Image canvas">
      {!v.doc && <EmptyState />}
      {v.doc && v.canCompare && (
        <div className={`compare-badge ${v.before ? 'is-before' : ''}`} role="status" aria-label="Compare state">
          {v.before ? 'Before' : 'After'}
          <small>{v.before ? ' · release \\ or click Compare for after' : ' · hold \\ to see before'}</small>
        </div>
      )}
      <Stage width={v.w} height={v.h} scaleX={v.scale} scaleY={v.scale} x={v.x} y={v.y} listening={false}>
        <Layer imageSmoothingEnabled={v.scale < 2}>
          {image && v.doc!.file.hasAlpha && (
            <Rect
              width={image.width}
              height={image.height}
              fillPatternImage={checkerTile() as unknown as HTMLImageElement}
              fillPatternScaleX={1 / v.scale}
              fillPatternScaleY={1 / v.scale}
            />
          )}
          {image && shown && <KImage image={shown.source} width={image.width} height={image.height} />}
        </Layer>
        <Layer ref={maskLayer} imageSmoothingEnabled={v.scale < 2} opacity={v.opacity} visible={v.visible && !v.before}>
          {painter && image && <KImage image={painter.canvasFor(v.scale)} width={image.width} height={image.height} />}
        </Layer>
        {!v.before && <TextOverlay />}
        <Layer>
          {v.rect && (
            <Rect
              x={Math.min(rx0, rx1)}
              y={Math.min(ry0, ry1)}
              width={Math.abs(rx1 - rx0)}
              height={Math.abs(ry1 - ry0)}
              fill="rgba(255,40,96,0.25)"
              stroke="#fff"
              strokeWidth={1}
              dash={[6, 4]}
              strokeScaleEnabled={false}
            />
          )}
          <Group ref={cursor} visible={false}>
            {mode === 'brush' && (
              <>
                <Circle radius={v.brush / 2} stroke="rgba(0,0,0,0.65)" strokeWidth={3} strokeScaleEnabled={false} />
                <Circle radius={v.brush / 2} stroke="#fff" strokeWidth={1.25} strokeScaleEnabled={false} />
              </>
            )}
          </Group>
        </Layer>
      </Stage>
    </div>
  );
}
