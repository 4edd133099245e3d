// How a job fails, in terms the UI can act on: a kind, a message for the operator, and a
// retry action when the job can run again (its input came from a provider, see client.ts).

export type JobFailure =
  /** Cancelled by its AbortSignal (or the Cancel button). */
  | 'cancelled'
  /** The worker died (e.g. out of memory) or stopped answering; it has been restarted. */
  | 'crashed'
  /** The model file is not installed on the server. */
  | 'model-missing'
  /** The model file does not match the registry's sha256, or onnxruntime cannot load it. */
  | 'model-corrupt'
  /** Anything else the operation refused or failed with (message says what). */
  | 'failed';

export class JobError<T = unknown> extends Error {
  override name = 'JobError';
  constructor(
    readonly kind: JobFailure,
    message: string,
    /** Runs the same job again (with a fresh copy of its input); absent when that is impossible. */
    readonly retry?: () => Promise<T>,
  ) {
    super(message);
  }
}

const OUT_OF_MEMORY = /out of memory|allocation failed|memory access out of bounds|Aborted\(|WebAssembly\.Memory/i;

/** True when a worker-side error leaves the WASM heap unusable, so the worker must be replaced. */
export function poisonsWorker(e: unknown): boolean {
  return OUT_OF_MEMORY.test(String((e as Error)?.message ?? e));
}

export const CRASH_MESSAGE =
  'The inference worker stopped during this job (it may have run out of memory). It has been restarted and your document is unchanged. Retry, or try a smaller image or the WASM backend.';

/** Maps an error thrown across comlink (name and message survive) to a JobError. */
export function toJobError<T>(e: unknown, retry?: () => Promise<T>): JobError<T> {
  if (e instanceof JobError) return new JobError(e.kind, e.message, e.kind === 'cancelled' ? undefined : retry);
  const err = e as Error;
  switch (err?.name) {
    case 'AbortError':
      return new JobError('cancelled', 'The job was cancelled.');
    case 'ModelUnavailableError': {
      // `problem` survives the worker boundary (error-transport.ts).
      const problem = (err as Error & { problem?: string }).problem;
      return new JobError(problem === 'missing' ? 'model-missing' : 'model-corrupt', err.message, retry);
    }
    default:
      if (poisonsWorker(err)) return new JobError('crashed', `${CRASH_MESSAGE} (${err.message})`, retry);
      return new JobError('failed', err?.message ?? String(e), retry);
  }
}
