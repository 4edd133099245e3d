// Text boxes over the photo, in source-pixel coordinates inside the zoomed stage: boxes under
// review with their scores (labels and handles kept at a constant screen size, so they read
// at any zoom), the region detection is limited to, and leftover text flagged after Remove
// text. Drawing only: the stage's pointer input edits them through the store.
import { Fragment } from 'react';
import { Group, Label, Layer, Rect, Tag, Text } from 'react-konva';
import { HANDLES, handlePoint } from '../editor/box-edit.ts';
import { HANDLE_SCREEN_PX } from '../editor/review-gesture.ts';
import { activeLeftover, activeReview } from '../editor/slices/text-review.ts';
import type { Box } from '../core/types.ts';
import { useEditor } from './editor-context.ts';

const COLOUR = { detected: '#3ddc84', added: '#4cc3ff', selected: '#ffd34d', region: '#ffb020', leftover: '#ff4d5e' };

/** A label pinned above a box's top-left corner, at a fixed screen size. */
function BoxLabel({ box, text, fill, scale }: { box: Box; text: string; fill: string; scale: number }) {
  return (
    <Label x={box[0]} y={box[1]} scaleX={1 / scale} scaleY={1 / scale} offsetY={19}>
      <Tag fill={fill} cornerRadius={3} />
      <Text text={text} fontSize={12} fontStyle="bold" padding={3} fill="#111" fontFamily="system-ui, sans-serif" />
    </Label>
  );
}

function Outline({ box, stroke, dash, width = 2 }: { box: Box; stroke: string; dash?: number[]; width?: number }) {
  return (
    <>
      <Rect
        x={box[0]}
        y={box[1]}
        width={box[2] - box[0]}
        height={box[3] - box[1]}
        stroke="rgba(0,0,0,0.7)"
        strokeWidth={width + 2}
        strokeScaleEnabled={false}
        dash={dash}
      />
      <Rect
        x={box[0]}
        y={box[1]}
        width={box[2] - box[0]}
        height={box[3] - box[1]}
        stroke={stroke}
        strokeWidth={width}
        strokeScaleEnabled={false}
        dash={dash}
      />
    </>
  );
}

export function TextOverlay() {
  const { review, region, leftover, scale } = useEditor((s) => ({
    review: activeReview(s),
    region: s.textRegion,
    leftover: activeLeftover(s),
    scale: s.scale,
  }));
  const h = HANDLE_SCREEN_PX / scale;
  return (
    <Layer listening={false}>
      {region && (
        <>
          <Outline box={region} stroke={COLOUR.region} dash={[8, 5]} />
          <BoxLabel box={region} text="Region" fill={COLOUR.region} scale={scale} />
        </>
      )}
      {leftover.map((b, i) => (
        <Fragment key={`l${i}`}>
          <Rect x={b[0]} y={b[1]} width={b[2] - b[0]} height={b[3] - b[1]} fill="rgba(255,77,94,0.18)" />
          <Outline box={b} stroke={COLOUR.leftover} dash={[6, 4]} />
          <BoxLabel box={b} text="leftover" fill={COLOUR.leftover} scale={scale} />
        </Fragment>
      ))}
      {review?.boxes.map((b, i) => {
        const selected = review.selected === i;
        const colour = selected ? COLOUR.selected : b.score === null ? COLOUR.added : COLOUR.detected;
        return (
          <Group key={i}>
            <Rect
              x={b.box[0]}
              y={b.box[1]}
              width={b.box[2] - b.box[0]}
              height={b.box[3] - b.box[1]}
              fill={selected ? 'rgba(255,211,77,0.18)' : 'rgba(61,220,132,0.10)'}
            />
            <Outline box={b.box} stroke={colour} width={selected ? 2.5 : 1.5} />
            <BoxLabel box={b.box} text={b.score === null ? 'added' : b.score.toFixed(2)} fill={colour} scale={scale} />
            {selected &&
              HANDLES.map((name) => {
                const [x, y] = handlePoint(b.box, name);
                return (
                  <Rect
                    key={name}
                    x={x - h / 2}
                    y={y - h / 2}
                    width={h}
                    height={h}
                    fill="#fff"
                    stroke="#111"
                    strokeWidth={1}
                    strokeScaleEnabled={false}
                  />
                );
              })}
          </Group>
        );
      })}
    </Layer>
  );
}
