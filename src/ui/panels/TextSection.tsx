// Text: detect (then review the boxes) or remove in one click; the detection region; the
// review controls while boxes are up; leftover text flagged after a removal.
import { activeChangedOutside, activeLeftover, activeReview } from '../../editor/slices/text-review.ts';
import { editorStore, useEditor } from '../editor-context.ts';
import { PanelAction } from './PanelAction.tsx';

/** Shown at the top of the side panel while boxes are under review. */
export function ReviewSection() {
  const r = useEditor((s) => activeReview(s));
  if (!r) return null;
  const added = r.boxes.filter((b) => b.score === null).length;
  return (
    <section className="panel-section review" role="group" aria-label="Box review">
      <h2>{r.purpose === 'redact' ? 'Review boxes to redact' : 'Review text boxes'}</h2>
      <p className="review-count">
        <strong>
          {r.boxes.length} box{r.boxes.length === 1 ? '' : 'es'}
        </strong>
        {added ? ` (${added} added)` : ''} to review
        <small>{r.ranOn}</small>
      </p>
      <p className="fine">Click a box to select it; drag it or its handles to adjust; drag on the photo to add one.</p>
      <PanelAction id="delete-box" />
      <PanelAction
        id="accept-boxes"
        primary
        label={r.purpose === 'remove' ? 'Accept boxes and remove text' : r.purpose === 'redact' ? 'Accept boxes and redact' : undefined}
      />
      <PanelAction id="discard-boxes" label="Discard" />
    </section>
  );
}

export function TextSection() {
  const { region, reviewFirst, leftover, changedOutside, detected } = useEditor((s) => ({
    region: s.textRegion,
    reviewFirst: s.reviewBoxesFirst,
    leftover: activeLeftover(s).length,
    changedOutside: activeChangedOutside(s),
    detected: s.ranOn.detect,
  }));
  return (
    <section className="panel-section" aria-labelledby="text-h">
      <h2 id="text-h">Text</h2>
      <div className="ops">
        <PanelAction id="detect-text" />
        <PanelAction id="remove-text" />
      </div>
      <label className="row check">
        <input type="checkbox" checked={reviewFirst} onChange={(e) => editorStore.getState().setReviewBoxesFirst(e.target.checked)} />
        <span>Review boxes first</span>
      </label>
      <p className="fine region-line" aria-label="Detection region">
        {region ? (
          <>
            Limited to region {region[0]},{region[1]} – {region[2]},{region[3]}{' '}
          </>
        ) : (
          <>Whole image; the Region tool (G) limits detection to a box.</>
        )}
        {region && (
          <button type="button" className="btn btn-small btn-text" onClick={() => editorStore.getState().setTextRegion(null)}>
            Clear region
          </button>
        )}
      </p>
      {(leftover > 0 || changedOutside > 0) && (
        <div className="leftover" role="status" aria-label="Leftover text">
          {leftover > 0 && (
            <p>
              <strong>
                {leftover} leftover text area{leftover === 1 ? '' : 's'}
              </strong>{' '}
              outlined in red: the detector still reads text there, or the removal could not change the box.
            </p>
          )}
          {changedOutside > 0 && (
            <p>
              <strong>Needs review:</strong> {changedOutside} pixel{changedOutside === 1 ? '' : 's'} changed outside the text boxes.
            </p>
          )}
          {leftover > 0 && <PanelAction id="mask-leftover" />}
        </div>
      )}
      {detected && (
        <p className="ran-on" aria-label="Detection ran on">
          Detection: {detected}
        </p>
      )}
    </section>
  );
}
