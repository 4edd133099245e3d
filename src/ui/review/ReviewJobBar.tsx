// The editor opened from the review queue (/?review-job=<id>): the job's source and manifest
// are replayed into the editor, editing continues as usual, and "Send back" submits the
// document's manifest as the job's next attempt, then returns to the queue.
import { useEffect, useState } from 'react';
import './review-job-bar.css';
import { encodeMask } from '../../editor/export.ts';
import { manifestDownload } from '../../editor/manifest.ts';
import { importFiles } from '../../editor/importer.ts';
import { editorStore, useEditor } from '../editor-context.ts';
import { allowLeaving } from '../leave-guard.ts';
import { ReviewClient, type EditorOpening } from './review-client.ts';
import { savedToken } from './reviewer-token.ts';

/** The job id the page was opened for, if any. */
export const reviewJobParam = () => new URLSearchParams(window.location.search).get('review-job');

const base64 = async (blob: Blob) => {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

type Phase = { at: 'opening' } | { at: 'open'; opening: EditorOpening } | { at: 'sending' } | { at: 'failed'; message: string };

async function openJob(client: ReviewClient, jobId: string): Promise<EditorOpening> {
  const opening = await client.editor(jobId);
  const source = await client.blob(opening.source.url);
  const files = [
    new File([source.blob], opening.source.name, { type: source.blob.type }),
    new File([JSON.stringify(opening.manifest)], 'manifest.json', { type: 'application/json' }),
  ];
  for (const m of opening.masks) files.push(new File([(await client.blob(m.url)).blob], m.name.split('/').pop()!, { type: 'image/png' }));
  await importFiles(editorStore, files);
  return opening;
}

export function ReviewJobBar({ jobId }: { jobId: string }) {
  const [phase, setPhase] = useState<Phase>({ at: 'opening' });
  const [reason, setReason] = useState('');
  const hasDoc = useEditor((s) => s.doc !== null);
  const busy = useEditor((s) => s.job !== null);
  const token = savedToken();

  useEffect(() => {
    if (!token) return setPhase({ at: 'failed', message: 'No reviewer token in this tab: open the job from the review queue.' });
    openJob(new ReviewClient(token), jobId)
      .then((opening) => setPhase({ at: 'open', opening }))
      .catch((e: unknown) => setPhase({ at: 'failed', message: `Could not open ${jobId}: ${e instanceof Error ? e.message : String(e)}` }));
  }, [jobId, token]);

  const sendBack = async () => {
    if (phase.at !== 'open' || !token) return;
    const { doc, history } = editorStore.getState();
    if (!doc) return;
    const { manifest, masks } = manifestDownload(doc, history.done);
    const encoded: Record<string, string> = {};
    for (const [name, mask] of Object.entries(masks)) encoded[name] = await base64(await encodeMask(mask));
    setPhase({ at: 'sending' });
    try {
      await new ReviewClient(token).sendBack(phase.opening.send_back, manifest, encoded, reason.trim() || undefined);
      allowLeaving();
      window.location.assign('/review');
    } catch (e) {
      setPhase({ at: 'open', opening: phase.opening });
      editorStore.getState().notify('error', `${jobId} was not sent back.`, e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className="review-job-bar" role="region" aria-label="Reviewing a job">
      <span className="review-job-title" title={`Reviewing ${jobId}`}>
        Reviewing <strong>{jobId}</strong>
      </span>
      {phase.at === 'opening' && <span className="review-job-muted">opening the job…</span>}
      {phase.at === 'failed' && <span className="review-job-problem">{phase.message}</span>}
      {(phase.at === 'open' || phase.at === 'sending') && (
        <>
          <input
            className="text-input"
            aria-label="Note for the record"
            placeholder="note for the record (optional)"
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
          />
          <button
            className="btn btn-primary btn-small"
            onClick={() => void sendBack()}
            disabled={!hasDoc || busy || phase.at === 'sending'}
            title="Submit this document's steps as the job's next attempt"
          >
            {phase.at === 'sending' ? 'Sending…' : 'Send back'}
          </button>
        </>
      )}
      <a href="/review">Back to the queue</a>
    </div>
  );
}
