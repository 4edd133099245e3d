// The picture of the job in view, as large as the page allows: the result (or the source while
// `\` is held, or when there is no result), the change heatmap over it (D), and every leftover
// box drawn in red. Boxes are in source pixels, so they sit right on an upscaled result too.
import { useLayoutEffect, useRef, useState } from 'react';
import type { PictureCache } from './pictures.ts';
import type { ReviewItem } from './review-client.ts';

function useBoxSize() {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const cs = getComputedStyle(el);
      setSize({
        width: el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight),
        height: el.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom),
      });
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, size] as const;
}

export function JobStage({
  item,
  pictures,
  showBefore,
  showDiff,
}: {
  item: ReviewItem;
  pictures: PictureCache | null;
  showBefore: boolean;
  showDiff: boolean;
}) {
  const [ref, box] = useBoxSize();
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const before = showBefore || !item.has_result;
  const shown = pictures?.get(item, before ? 'source' : 'result');
  const diff = showDiff && !before ? pictures?.get(item, 'diff') : undefined;
  const size = item.source_size ?? natural ?? { width: 4, height: 3 };
  const scale = Math.min(box.width / size.width, box.height / size.height) || 0;
  const frame = { width: Math.floor(size.width * scale), height: Math.floor(size.height * scale) };
  const label = !item.has_result ? 'Source (no result)' : before ? 'Before' : showDiff ? 'After · changed pixels' : 'After';

  return (
    <div className="review-stage" ref={ref}>
      <div className="review-frame" style={frame} data-testid="review-frame" data-showing={before ? 'before' : 'after'}>
        {shown ? (
          <img
            src={shown.url}
            alt={`${item.job_id}: ${before ? 'source' : 'result'}`}
            draggable={false}
            onLoad={(e) => !item.source_size && setNatural({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })}
          />
        ) : (
          <div className="review-loading">Loading the picture…</div>
        )}
        {diff && <img className="review-diff" src={diff.url} alt="changed pixels" data-testid="review-diff" draggable={false} />}
        {item.leftover.length > 0 && (
          <svg
            className="review-boxes"
            viewBox={`0 0 ${size.width} ${size.height}`}
            preserveAspectRatio="none"
            data-testid="review-leftover"
          >
            {item.leftover.map((l, i) => (
              <rect
                key={i}
                x={l.box[0]}
                y={l.box[1]}
                width={l.box[2] - l.box[0]}
                height={l.box[3] - l.box[1]}
                vectorEffect="non-scaling-stroke"
              >
                <title>{`step ${l.step} (${l.op}): still found here${l.score !== undefined ? ` (score ${l.score.toFixed(2)})` : ''}`}</title>
              </rect>
            ))}
          </svg>
        )}
        <span className="review-label">{label}</span>
        {diff?.changedShare !== undefined && (
          <span className="review-share">{(diff.changedShare * 100).toFixed(diff.changedShare < 0.01 ? 2 : 1)} % of pixels changed</span>
        )}
      </div>
    </div>
  );
}
