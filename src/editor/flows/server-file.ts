// An image too big for the editor, processed on the server as it is: the notice that refuses to
// open it offers "Remove text on the server" (the one operation that needs nothing drawn), which
// sends the file (by sha256: one the server holds is not sent again), shows the server's
// progress, and downloads the result and its executed manifest (replayable with cleanplate apply).
import type { Step } from '../../ops/manifest.ts';
import type { JobOptions, JobResult, ServerFileResult } from '../../worker/client.ts';
import type { Notice } from '../slices/notices.ts';
import type { EditorHost } from '../host.ts';
import type { EditorStore } from '../store.ts';
import { runJob } from './run-job.ts';

/** The part of the worker client this needs. */
export interface ServerFileClient {
  runFileOnServer(file: Blob, steps: Step[], opts?: JobOptions): Promise<JobResult<ServerFileResult>>;
}

const EXT: Record<string, string> = { 'image/jpeg': '.jpg', 'image/png': '.png', 'image/webp': '.webp', 'image/tiff': '.tif' };
const LABEL = 'Remove text on the server';

let connected: { client: ServerFileClient; host: EditorHost } | null = null;

/** Set by the composition root (ui/main.tsx): without it, the refusal offers no button. */
export function connectServerFiles(client: ServerFileClient, host: EditorHost): void {
  connected = { client, host };
}

/** The button a "too big to open" notice offers, when a server client is connected. */
export function serverFileAction(store: EditorStore, file: File): Notice['action'] | undefined {
  return connected ? { label: LABEL, run: () => void removeTextOnServer(store, file) } : undefined;
}

export async function removeTextOnServer(store: EditorStore, file: File): Promise<void> {
  if (!connected) return;
  const { client, host } = connected;
  const steps: Step[] = [{ op: 'remove_text' }];
  const result = await runJob(
    store,
    LABEL,
    (opts) => client.runFileOnServer(file, steps, opts),
    () => void removeTextOnServer(store, file),
  );
  if (!result) return;
  const { bytes, type, manifest } = result.value;
  const base = (file.name || 'image').replace(/\.[^.]+$/, '');
  const name = `${base}.clean${EXT[type] ?? '.png'}`;
  host.download(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
  host.download(new Blob([manifest], { type: 'application/json' }), `${name}.manifest.json`);
  store
    .getState()
    .notify(
      'info',
      `Text removed on the server: downloaded ${name} and its manifest.`,
      'The editor does not open images this big; the file is as the server wrote it.',
    );
}
