// Opening a model's session early. A command that will run the text detectors starts
// opening them before it reads its image: the model files are read and hashed while the
// image file is read, and the sessions are built on the main thread while libuv's threads
// decode the image, so the two waits overlap instead of adding up.
import { DEFAULT_DETECT_MODEL, DEFAULT_SECOND_MODEL } from '../ops/detect-text/detect.ts';
import type { InferencePort } from '../ops/port.ts';

/**
 * Starts opening the sessions of `models` on `port` and returns at once. Nothing is
 * reported here: a model that is missing or damaged fails again, with its message, when
 * the step opens it (the port does not keep a failed open); one that is not installed
 * (an optional second detector) is simply not used.
 */
export function openEarly(port: InferencePort | undefined, models: readonly string[]): void {
  for (const id of models) port?.has(id).catch(() => false);
}

/** The text detectors a detection runs when its step names no model (detect-text's defaults). */
export const TEXT_DETECTORS: readonly string[] = [DEFAULT_DETECT_MODEL, DEFAULT_SECOND_MODEL];
