// SIGTERM and SIGINT. By default the command removes its temporary files and exits at once
// with 128 + the signal's number. A command that must stop cleanly (batch: stop its children,
// record them as not done, write its report) asks for the signal instead, and after it
// returns main exits with the same code; a second signal exits at once.
import { removePendingTempFiles } from './output-files.ts';

const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15 } as const;
type StopSignal = keyof typeof SIGNAL_NUMBERS;

const controller = new AbortController();
let graceful = false;

/** Aborted, with the signal's name as reason, when a graceful command is asked to stop. */
export const stopRequested: AbortSignal = controller.signal;

/** The exit code for a command stopped by a signal. */
export const signalExitCode = (signal: StopSignal) => 128 + SIGNAL_NUMBERS[signal];

/** The running command stops on its own when signalled (it watches stopRequested). */
export function stopGracefully(): void {
  graceful = true;
}

export function installSignalHandlers(): void {
  for (const signal of Object.keys(SIGNAL_NUMBERS) as StopSignal[]) {
    process.on(signal, () => {
      if (graceful && !controller.signal.aborted) return controller.abort(signal);
      removePendingTempFiles();
      process.exit(signalExitCode(signal));
    });
  }
}
