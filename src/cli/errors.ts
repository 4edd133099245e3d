// How failures leave the command: exit 2 with one line naming the problem for bad input
// or usage, exit 1 for anything else (a bug or a broken installation).
import { BundleError } from '../ops/bundle.ts';
import { ManifestError } from '../ops/manifest.ts';
import { StepInputError } from '../ops/runner.ts';

/** The user's input (file, image, manifest, option value) is at fault. */
export class InputError extends Error {
  override name = 'InputError';
}

/** The command line itself is wrong; the message is followed by a pointer to --help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;

const INPUT_ERRORS = [InputError, UsageError, ManifestError, StepInputError, BundleError];

/** Errors other layers raise, by name, for requests they refuse (a model not installed, an output over budget). */
const REFUSALS = new Set(['ModelUnavailableError', 'MemoryBudgetError']);

export function exitCodeOf(e: unknown): number {
  if (!(e instanceof Error)) return EXIT_INTERNAL;
  return INPUT_ERRORS.some((T) => e instanceof T) || REFUSALS.has(e.name) ? EXIT_BAD_INPUT : EXIT_INTERNAL;
}

/** One line: no stack, no newlines. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, '; ').trim();
}
