// How a job fails, in terms the UI can act on: a kind, a message for the operator, and a
// retry action when the job can run again (its input came from a provider, see client.ts).

export type JobFailure =
  /** Cancelled by its AbortSignal (or the Cancel button). */
  | 'cancelled'
  /** The worker died (e.g. out of memory) or stopped answering; it has been restarted. */
  | 'crashed'
  /** The model file is not installed on the server. */
  | 'model-missing'
  /** What the job needs (a model, ONNX Runtime's files) is not saved here and the server cannot be reached. */
  | 'offline'
  /** A whole job for the server was not taken by it (unreachable, no job server, a token asked, its limits): run it here. */
  | 'server-unavailable'
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

// How a WASM heap that ran out shows up: onnxruntime-web's allocator failing inside a run
// ("std::bad_alloc", ORT error code 6, with the heap already grown to its 4 GB ceiling, so the
// worker keeps that memory until it ends), or the engine refusing to grow the heap.
const OUT_OF_MEMORY = /out of memory|allocation failed|bad_alloc|WebAssembly\.Memory|Maximum memory size/i;
// A runtime that aborted or touched memory out of bounds: its heap can no longer be trusted.
const BROKEN_HEAP = /memory access out of bounds|Aborted\(/;

const messageOf = (e: unknown) => String((e as Error)?.message ?? e);

/** How an error left the worker's heap, when it did: full, or no longer to be trusted. */
function heapFailure(e: unknown): 'out-of-memory' | 'broken' | undefined {
  const message = messageOf(e);
  if (OUT_OF_MEMORY.test(message)) return 'out-of-memory';
  if (BROKEN_HEAP.test(message)) return 'broken';
  return undefined;
}

/**
 * Why a worker-side error leaves the worker unusable or holding a full heap, so it must be
 * replaced (the reason restart listeners hear); undefined when the worker can go on.
 */
export function poisonedWorker(e: unknown): string | undefined {
  const failure = heapFailure(e);
  if (failure === 'out-of-memory') return 'it ran out of memory';
  if (failure === 'broken') return `its runtime failed: ${messageOf(e)}`;
  return undefined;
}

export const CRASH_MESSAGE =
  'The inference worker stopped during this job (it may have run out of memory). It has been restarted and your document is unchanged. Retry, or try a smaller image or the WASM backend.';

export const OUT_OF_MEMORY_MESSAGE =
  'The inference worker ran out of memory during this job. It has been restarted and your document is unchanged. Close other tabs and Retry, or work on a smaller image.';

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
      const kind = problem === 'missing' ? 'model-missing' : problem === 'unreachable' ? 'offline' : 'model-corrupt';
      return new JobError(kind, err.message, retry);
    }
    case 'ServerUnavailableError':
      return new JobError('server-unavailable', err.message, retry);
    case 'RuntimeFilesUnavailableError':
      return new JobError('offline', err.message, retry);
    default:
      switch (heapFailure(err)) {
        case 'out-of-memory':
          return new JobError('crashed', OUT_OF_MEMORY_MESSAGE, retry);
        case 'broken':
          return new JobError('crashed', `${CRASH_MESSAGE} (${err.message})`, retry);
      }
      return new JobError('failed', err?.message ?? String(e), retry);
  }
}
