// What every worker-backed flow shares: the client it talks to, running one job with the
// store's progress and Cancel (a failure offers Retry), the document snapshot a result must
// still match when it lands, and how a run is described to the operator.
import type {
  Input,
  JobOptions,
  JobReport,
  JobResult,
  KeptImage,
  ModelStatus,
  OpId,
  ParamsOf,
  ResultOf,
  ServerJobResult,
  ShownResult,
} from '../../worker/client.ts';
import type { Step } from '../../ops/manifest.ts';
import type { DocumentImage } from '../edits.ts';
import type { EditorStore } from '../store.ts';

/**
 * The part of the worker client the editor's flows use: jobs on a document image the worker
 * keeps (named by id), whose pixel results come back as bitmaps made in the worker.
 */
export interface OperationsClient {
  run<K extends OpId>(
    opId: K,
    image: KeptImage,
    params: Input<ParamsOf<K>>,
    opts?: JobOptions,
  ): Promise<JobResult<ShownResult<ResultOf<K>>>>;
  models(): Promise<ModelStatus[]>;
  /** The same operations as one whole job on the server that served the page (flows/placement.ts). */
  runOnServer(image: KeptImage, steps: Step[], opts?: JobOptions): Promise<JobResult<ServerJobResult>>;
}

export type { JobOptions };

const isCancel = (e: unknown) => (e as { kind?: string })?.kind === 'cancelled' || (e as Error)?.name === 'AbortError';

/**
 * Runs a job with the store's progress and cancel; says what went wrong (offering `retry`);
 * null when it did not finish.
 */
export async function runJob<T>(
  store: EditorStore,
  label: string,
  work: (opts: JobOptions) => Promise<T>,
  retry: () => void,
): Promise<T | null> {
  const handle = store.getState().startJob(label);
  if (!handle) return null;
  try {
    return await work({ signal: handle.signal, onProgress: handle.onProgress });
  } catch (e) {
    if (isCancel(e)) store.getState().notify('info', `${label}: cancelled.`, 'The image was not changed.');
    else store.getState().notify('error', `${label} failed.`, e instanceof Error ? e.message : String(e), { label: 'Retry', run: retry });
    return null;
  } finally {
    handle.done();
  }
}

export interface Snapshot {
  image: DocumentImage;
  /** Whether the document still shows this image (a result for another one is dropped). */
  unchanged(): boolean;
}

/** The open image, and a check that it is still the one shown when a job comes back. */
export function snapshot(store: EditorStore): Snapshot | null {
  const doc = store.getState().doc;
  if (!doc) return null;
  const image = doc.image;
  return { image, unchanged: () => store.getState().doc?.id === doc.id && store.getState().doc?.image === image };
}

/** In the editor a 'cpu' run is onnxruntime-node on the server (the "Server" backend). */
const BACKEND_NAME: Record<string, string> = { wasm: 'WASM', webgpu: 'WebGPU', cpu: 'the server (CPU)' };

/** "WASM", "WebGPU", "the server (CPU)"; null when no model ran. */
export function backendName(backend: string | null | undefined): string | null {
  return backend ? (BACKEND_NAME[backend] ?? backend) : null;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/**
 * A job's time, with a model's first use apart from the work: "12 s: 2.1 s downloading models,
 * 3.9 s starting sessions, 6.0 s the work"; just "6.0 s" once the worker has its sessions.
 */
export function took(report: Pick<JobReport, 'ms' | 'setup'>): string {
  const { ms, setup } = report;
  if (!setup) return seconds(ms);
  const models = `${seconds(setup.modelsMs)} ${setup.downloaded ? 'downloading' : 'reading'} models`;
  const work = Math.max(0, ms - setup.modelsMs - setup.sessionsMs);
  return `${seconds(ms)}: ${models}, ${seconds(setup.sessionsMs)} starting sessions, ${seconds(work)} the work`;
}

/** "ran on WASM, 1.2 s" (with the fallback reason when auto did not get its first choice). */
export function ranOnLine(report: JobReport): string {
  const b = backendName(report.backend);
  return `${b ? `ran on ${b}` : 'ran in the worker'}, ${took(report)}${report.fallback ? ` (${report.fallback})` : ''}`;
}

/** Ready for a new job: a document is open and nothing is running. */
export const ready = (s: ReturnType<EditorStore['getState']>) => s.doc !== null && s.job === null;
