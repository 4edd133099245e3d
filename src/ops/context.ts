import type { ProgressFn } from '../core/types.ts';
import type { InferencePort } from './port.ts';

/** What every operation receives from its host besides its own inputs. */
export interface OpContext {
  /** Neural inference; absent for hosts/ops that need none (e.g. the built-in inpainting engine). */
  port?: InferencePort;
  signal?: AbortSignal;
  onProgress?: ProgressFn;
}

/** Thrown when an op is cancelled through its AbortSignal. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new DOMException('The operation was cancelled.', 'AbortError');
}
