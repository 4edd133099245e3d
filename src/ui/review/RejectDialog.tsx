// Reject: a reason picked (1-4, or a click) or typed (Enter); Esc goes back to the job.
import { useState } from 'react';
import { useQueue } from './review-context.ts';

export const REJECT_REASONS = [
  'Text or watermark still visible',
  'Face or personal data still visible',
  'Result damaged (smears, seams, artefacts)',
  'Not suitable for publication',
] as const;

export function RejectDialog({ jobId }: { jobId: string }) {
  const reject = useQueue((s) => s.reject);
  const cancel = useQueue((s) => s.cancelReject);
  const [typed, setTyped] = useState('');
  return (
    <div className="review-dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && cancel()}>
      <form
        className="review-dialog"
        role="dialog"
        aria-label={`Reject ${jobId}`}
        onSubmit={(e) => {
          e.preventDefault();
          reject(typed);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            cancel();
          } else if (!typed && /^[1-4]$/.test(e.key)) {
            e.preventDefault();
            reject(REJECT_REASONS[Number(e.key) - 1]);
          }
        }}
      >
        <h2>Reject {jobId}</h2>
        <ol className="review-reasons-pick">
          {REJECT_REASONS.map((r, i) => (
            <li key={r}>
              <button type="button" onClick={() => reject(r)}>
                <kbd>{i + 1}</kbd> {r}
              </button>
            </li>
          ))}
        </ol>
        <label>
          Or type the reason
          <input
            className="text-input"
            autoFocus
            value={typed}
            maxLength={500}
            onChange={(e) => setTyped(e.target.value)}
            placeholder="e.g. the logo on the mug is still readable"
          />
        </label>
        <div className="review-dialog-actions">
          <button type="button" onClick={cancel}>
            Cancel <kbd>Esc</kbd>
          </button>
          <button type="submit" className="danger" disabled={!typed.trim()}>
            Reject <kbd>Enter</kbd>
          </button>
        </div>
      </form>
    </div>
  );
}
