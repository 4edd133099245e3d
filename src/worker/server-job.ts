// A whole job on the cleanplate server that served the page (the editor's "Server" placement):
// the document image goes once as an exact PNG, named by its sha256 (an image the server
// already holds is not sent again), the manifest's steps follow, the server's progress comes
// back over its event stream, and the result file is decoded here as an opened file is.
// Same steps, engines and backend as a local run: the same pixels (the server runs the
// command line's pipeline).
//
// Until the server has accepted the job every problem (no network, no cleanplate server, a
// token required, an image over its limits) is a ServerUnavailableError, which the editor
// answers by running the job in the browser with a notice; once accepted, a failure is the
// job's own (its message says what the server refused).
import type { Run, Step } from '../ops/manifest.ts';
import type { ProgressFn, RgbaImage } from '../core/types.ts';
import { encodePng } from '../core/png.ts';
import { sha256Hex } from '../core/hash.ts';
import { DECODE_OPTIONS, readPixels } from './bitmap-pixels.ts';

export class ServerUnavailableError extends Error {
  override name = 'ServerUnavailableError';
}

export interface ServerJobOutcome {
  image: RgbaImage;
  /** The executed manifest's runs, one per step (backend 'cpu' for onnxruntime-node, 'js' when no model ran). */
  runs: Run[];
  jobId: string;
  /** The result file's sha256 when the server keeps it as a source (see rememberSource). */
  resultSha?: string;
}

interface JobView {
  job_id: string;
  state: string;
  error?: string;
  steps: number;
  progress: { state: string; fraction?: number }[];
}

const TERMINAL = new Set(['done', 'failed', 'needs_review', 'cancelled']);
/** sha256 of each kept image's PNG, so a second job on the same image encodes and hashes nothing. */
const encoded = new Map<string, { sha: string; png?: Uint8Array }>();

const origin = () => globalThis.location?.origin ?? '';

let token: string | undefined;
/** The bearer token the server asks for (RuntimeSettings.serverToken); sent with every request. */
export function setServerToken(next: string | undefined): void {
  token = next || undefined;
}
const auth = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
/** fetch on the server that served the page, with the token. */
const call = (path: string, init: RequestInit = {}) =>
  fetch(`${origin()}${path}`, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), ...auth() } });

async function errorOf(res: Response): Promise<string> {
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  return body.error ?? `HTTP ${res.status}`;
}

/** A request before the job is accepted: any failure means "run it here instead". */
async function ask(path: string, init: RequestInit, signal: AbortSignal): Promise<Response> {
  try {
    return await call(path, { ...init, signal });
  } catch {
    signal.throwIfAborted();
    // The browser's own words ("Failed to fetch") say nothing to the operator.
    throw new ServerUnavailableError('the server could not be reached');
  }
}

async function refusal(res: Response, what: string): Promise<ServerUnavailableError> {
  if (res.status === 401) return new ServerUnavailableError('the server asks for a token: enter it under Runtime (Server token)');
  if (res.status === 403) return new ServerUnavailableError('the server did not accept the token given under Runtime');
  return new ServerUnavailableError(`the server did not ${what} (${await errorOf(res)})`);
}

/**
 * Makes sure the server holds the file `sha` (HEAD, then PUT of `bytes` when it does not);
 * false when it does not and there are no bytes to send.
 */
async function hold(sha: string, bytes: Uint8Array | undefined, signal: AbortSignal, onProgress?: ProgressFn): Promise<boolean> {
  const head = await ask(`/sources/${sha}`, { method: 'HEAD' }, signal);
  if (head.status === 200 && head.headers.get('content-type')?.includes('html') !== true) return true;
  if (head.status !== 404) throw await refusal(head, 'answer as a cleanplate job server');
  if (!bytes) return false;
  onProgress?.({ stage: 'sending the image to the server', fraction: 0 });
  const put = await ask(
    `/sources/${sha}`,
    { method: 'PUT', body: bytes as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'application/octet-stream' } },
    signal,
  );
  if (!put.ok) throw await refusal(put, 'take the image');
  return true;
}

/** Makes sure the server holds a kept image (an exact PNG, encoded once); answers its sha256. */
async function sendSource(pixelsId: string, image: RgbaImage, signal: AbortSignal, onProgress?: ProgressFn): Promise<string> {
  let entry = encoded.get(pixelsId);
  if (!entry) {
    onProgress?.({ stage: 'preparing the image for the server', fraction: 0 });
    const png = encodePng(image, 1);
    entry = { sha: await sha256Hex(png as Uint8Array<ArrayBuffer>), png };
    encoded.set(pixelsId, entry);
  }
  if (!(await hold(entry.sha, entry.png, signal, onProgress))) {
    // A result the server kept and has since dropped: send these pixels as a PNG of our own.
    encoded.delete(pixelsId);
    return sendSource(pixelsId, image, signal, onProgress);
  }
  entry.png = undefined; // held there now: the bytes are not needed here again
  return entry.sha;
}

function reportProgress(view: JobView, onProgress?: ProgressFn): void {
  if (view.state === 'queued') return onProgress?.({ stage: 'waiting on the server', fraction: 0 });
  const done = view.progress.reduce((n, p) => n + (p.state === 'done' ? 1 : p.state === 'running' ? (p.fraction ?? 0) : 0), 0);
  onProgress?.({ stage: 'running on the server', fraction: Math.min(1, done / Math.max(1, view.steps)) });
}

/** Follows the job's event stream until it ends (reconnecting when the stream drops); answers its last view. */
async function follow(jobId: string, signal: AbortSignal, onProgress?: ProgressFn): Promise<JobView> {
  const path = `/jobs/${encodeURIComponent(jobId)}`;
  for (;;) {
    const res = await call(`${path}/events`, { signal });
    if (!res.ok || !res.body) throw new Error(`The server lost job ${jobId} (${await errorOf(res)}).`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let last: JobView | undefined;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = buffer
          .slice(0, end)
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        buffer = buffer.slice(end + 2);
        if (!data) continue;
        last = JSON.parse(data) as JobView;
        reportProgress(last, onProgress);
        if (TERMINAL.has(last.state)) {
          void reader.cancel();
          return last;
        }
      }
    }
    if (last && TERMINAL.has(last.state)) return last;
  }
}

/** Runs `steps` on `image` (kept here as `pixelsId`) as one job on the server; answers the result's pixels and runs. */
export async function runServerJob(
  pixelsId: string,
  image: RgbaImage,
  steps: readonly Step[],
  signal: AbortSignal,
  onProgress?: ProgressFn,
): Promise<ServerJobOutcome> {
  const sha = await sendSource(pixelsId, image, signal, onProgress);
  const done = await runOn(sha, steps, signal, onProgress).catch((e: unknown) => {
    if ((e as Error).name === 'ServerUnavailableError') encoded.delete(pixelsId); // e.g. the server dropped the source: send it next time
    throw e;
  });
  const blob = await done.result.blob();
  const resultSha = await keptAsSource(done.jobId, signal);
  const bitmap = await createImageBitmap(blob, DECODE_OPTIONS);
  try {
    return { image: readPixels(bitmap, bitmap.width, bitmap.height, isOpaque(image)), runs: done.runs, jobId: done.jobId, resultSha };
  } finally {
    bitmap.close();
  }
}

/** Submits `steps` on source `sha`, follows the job to its end (cancelled with `signal`); its result and runs. */
async function runOn(
  sha: string,
  steps: readonly Step[],
  signal: AbortSignal,
  onProgress?: ProgressFn,
): Promise<{ jobId: string; result: Response; runs: Run[]; executed: string }> {
  const submitted = await ask(
    `/sources/${sha}/jobs`,
    { method: 'POST', body: JSON.stringify({ manifest: { steps } }), headers: { 'content-type': 'application/json' } },
    signal,
  );
  if (!submitted.ok) throw await refusal(submitted, 'take the job');
  const { job_id: jobId } = (await submitted.json()) as { job_id: string };
  const cancel = () => void call(`/jobs/${encodeURIComponent(jobId)}`, { method: 'DELETE' }).catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  try {
    const view = await follow(jobId, signal, onProgress);
    if (view.state === 'failed' || view.state === 'cancelled') throw new Error(`The server could not run it: ${view.error ?? view.state}.`);
    onProgress?.({ stage: 'receiving the result', fraction: 1 });
    const [result, executed] = await Promise.all([
      call(`/jobs/${encodeURIComponent(jobId)}/result`, { signal }),
      call(`/jobs/${encodeURIComponent(jobId)}/manifest`, { signal }),
    ]);
    if (!result.ok) throw new Error(`The server's result could not be fetched (${await errorOf(result)}).`);
    if (!executed.ok) throw new Error(`The server's manifest could not be fetched (${await errorOf(executed)}).`);
    const text = await executed.text();
    const runs = (JSON.parse(text) as { result?: { runs?: Run[] } }).result?.runs ?? [];
    return { jobId, result, runs, executed: text };
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

/** A file the editor cannot open (too big), run on the server as it is: the result file's bytes and type, and the executed manifest. */
export async function runFileOnServer(
  file: Blob,
  steps: readonly Step[],
  signal: AbortSignal,
  onProgress?: ProgressFn,
): Promise<{ bytes: Uint8Array; type: string; manifest: string }> {
  onProgress?.({ stage: 'reading the file', fraction: 0 });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const sha = await sha256Hex(bytes);
  await hold(sha, bytes, signal, onProgress);
  const done = await runOn(sha, steps, signal, onProgress);
  return {
    bytes: new Uint8Array(await done.result.arrayBuffer()),
    type: done.result.headers.get('content-type') ?? 'application/octet-stream',
    manifest: done.executed,
  };
}

/** Asks the server to keep a job's result as a source; its sha256, or undefined when it would not. */
async function keptAsSource(jobId: string, signal: AbortSignal): Promise<string | undefined> {
  const res = await call(`/sources/from-job/${encodeURIComponent(jobId)}`, { method: 'POST', signal }).catch(() => null);
  if (!res?.ok) return undefined;
  return ((await res.json()) as { sha256?: string }).sha256;
}

/**
 * A result the server keeps as a source, under the id this worker keeps its pixels: a next job
 * on it sends nothing. (Its pixels are the file's, decoded here; the file is a PNG, lossless.)
 */
export function rememberSource(pixelsId: string, sha: string): void {
  encoded.set(pixelsId, { sha });
}

function isOpaque({ data }: RgbaImage): boolean {
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return false;
  return true;
}
