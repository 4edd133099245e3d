// The review queue page: the strip of waiting jobs (thumbnails, age, oldest first), the job in
// view as large as the window allows, then the words: why it is here, what ran, who decided
// before. Every action has its key (use-review-keys.ts) and a button showing it.
import { useEffect, useRef } from 'react';
import { age } from './age.ts';
import { JobStage } from './JobStage.tsx';
import { RejectDialog } from './RejectDialog.tsx';
import type { ReviewItem } from './review-client.ts';
import { queueStore, useQueue } from './review-context.ts';
import { TokenForm } from './TokenForm.tsx';
import { useReviewKeys } from './use-review-keys.ts';

function Strip({ jobs, index, now }: { jobs: ReviewItem[]; index: number; now: number }) {
  const select = useQueue((s) => s.select);
  const cache = queueStore.getState().pictureCache();
  useQueue((s) => s.pictures); // re-render when a thumbnail arrives
  const current = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // in braces: Chromium's scroll methods now answer a promise, which React would take for a cleanup
    void current.current?.scrollIntoView({ block: 'nearest' });
  }, [index]);
  useEffect(() => {
    for (const j of jobs.slice(0, 60)) void cache?.load(j, 'thumb', 2);
  }, [jobs, cache]);
  return (
    <ol className="review-strip" aria-label="Jobs waiting for review, oldest first">
      {jobs.map((j, i) => {
        const thumb = cache?.get(j, 'thumb');
        return (
          <li key={j.job_id} ref={i === index ? current : undefined} aria-current={i === index ? 'true' : undefined}>
            <button onClick={() => select(i)} title={j.review_reasons.join('\n')}>
              {thumb ? <img src={thumb.url} alt="" /> : <span className="review-thumb-empty" />}
              <span className="review-strip-meta">
                <span className="review-age">{age(j.in_review_since ?? j.submitted_at, now)}</span>
                {j.leftover.length > 0 && <span className="review-badge leftover">{j.leftover.length} left</span>}
                {!j.has_result && <span className="review-badge">no result</span>}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}

function Facts({ item, now }: { item: ReviewItem; now: number }) {
  return (
    <section className="review-facts" aria-label="Why this job is here">
      <h2 data-testid="review-job-id">{item.job_id}</h2>
      <ul className="review-why">
        {item.review_reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
        {item.review_reasons.length === 0 && item.error && <li>{item.error}</li>}
      </ul>
      <dl>
        <dt>Waiting</dt>
        <dd>{age(item.in_review_since ?? item.submitted_at, now)}</dd>
        <dt>Steps</dt>
        <dd>{item.steps.join(' → ') || 'none'}</dd>
        <dt>Attempts</dt>
        <dd>{item.attempts}</dd>
        {item.source_size && (
          <>
            <dt>Size</dt>
            <dd>
              {item.source_size.width} × {item.source_size.height}
              {item.result_size &&
              (item.result_size.width !== item.source_size.width || item.result_size.height !== item.source_size.height)
                ? ` → ${item.result_size.width} × ${item.result_size.height}`
                : ''}
            </dd>
          </>
        )}
      </dl>
      {item.reviews.length > 0 && (
        <ol className="review-history" aria-label="Earlier decisions">
          {item.reviews.map((r) => (
            <li key={r.at}>
              {r.decision.replace('_', ' ')} by {r.reviewer}, {age(r.at, now)} ago{r.reason ? `: ${r.reason}` : ''}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Actions({ item, showDiff, showBefore }: { item: ReviewItem; showDiff: boolean; showBefore: boolean }) {
  const s = queueStore.getState();
  return (
    <div className="review-actions" role="toolbar" aria-label="Decide">
      <button className="approve" onClick={s.approve} disabled={!item.has_result}>
        Approve <kbd>A</kbd>
      </button>
      <button className="danger" onClick={s.startReject}>
        Reject <kbd>R</kbd>
      </button>
      <button onClick={s.openInEditor}>
        Open in editor <kbd>E</kbd>
      </button>
      <button aria-pressed={showBefore} onClick={() => s.toggleBefore()} disabled={!item.has_result}>
        Before <kbd>\</kbd>
      </button>
      <button aria-pressed={showDiff} onClick={s.toggleDiff} disabled={!item.has_result}>
        Changes <kbd>D</kbd>
      </button>
      <span className="review-nav">
        <kbd>J</kbd>/<kbd>K</kbd> next / previous
      </span>
    </div>
  );
}

export function ReviewPage() {
  useReviewKeys();
  const status = useQueue((s) => s.status);
  const jobs = useQueue((s) => s.jobs);
  const index = useQueue((s) => s.index);
  const more = useQueue((s) => s.more);
  const reviewer = useQueue((s) => s.reviewer);
  const decided = useQueue((s) => s.decided);
  const showBefore = useQueue((s) => s.showBefore);
  const showDiff = useQueue((s) => s.showDiff);
  const rejecting = useQueue((s) => s.rejecting);
  const notice = useQueue((s) => s.notice);
  useQueue((s) => s.pictures);
  const now = Date.now();

  if (status === 'needs-token') return <TokenForm />;
  const item = jobs[index];
  const s = queueStore.getState();
  return (
    <div className="review" data-testid="review-page">
      <header className="review-bar">
        <a className="review-brand" href="/">
          cleanplate
        </a>
        <h1>Review queue</h1>
        <span className="review-count" data-testid="review-count">
          {status === 'loading' ? 'loading…' : `${jobs.length}${more ? '+' : ''} waiting`}
          {decided > 0 ? ` · ${decided} decided` : ''}
        </span>
        <span className="review-spacer" />
        {reviewer && <span className="review-who">{reviewer}</span>}
        <button onClick={() => void s.reload()}>Reload</button>
        <button onClick={s.signOut}>Sign out</button>
      </header>
      {status === 'ready' && !item ? (
        <div className="review-empty">
          <p>Nothing waits for review.</p>
          <button onClick={() => void s.reload()}>Look again</button>
        </div>
      ) : (
        item && (
          <div className="review-body">
            <Strip jobs={jobs} index={index} now={now} />
            <main className="review-main" data-job-id={item.job_id}>
              <JobStage item={item} pictures={s.pictureCache()} showBefore={showBefore} showDiff={showDiff} />
              <div className="review-side">
                <Facts item={item} now={now} />
                <Actions item={item} showDiff={showDiff} showBefore={showBefore} />
              </div>
            </main>
          </div>
        )
      )}
      {rejecting && item && <RejectDialog jobId={item.job_id} />}
      {notice && (
        <div className={`review-notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.text}
          <button aria-label="Dismiss" onClick={s.dismissNotice}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
