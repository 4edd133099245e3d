// One file's work runs in a child process (`cleanplate apply`), so a timeout or a stop
// really ends it: native inference cannot be interrupted from inside the same process.
import { resolve } from 'node:path';
import { runCleanplateChild } from '../child-run.ts';
import { EXIT_BAD_INPUT } from '../errors.ts';

export type Attempt =
  { outcome: 'done'; ms: number } | { outcome: 'bad_input' | 'failed' | 'timeout' | 'interrupted'; ms: number; error: string };

export interface ApplyJob {
  manifest: string;
  input: string;
  out: string;
  stripMetadata: boolean;
  timeoutMs: number;
  /** Aborted when the batch is asked to stop: the child is ended and the attempt is 'interrupted'. */
  stop?: AbortSignal;
  /** onnxruntime threads for the child: its share of the cores beside the batch's other files. */
  threads: number;
}

export async function applyInChild(job: ApplyJob): Promise<Attempt> {
  // Absolute paths in the `--name=value` form: a file named "-x.png" is a value, never an option.
  const args = [
    'apply',
    resolve(job.manifest),
    `--input=${resolve(job.input)}`,
    `--out=${resolve(job.out)}`,
    ...(job.stripMetadata ? ['--strip-metadata'] : []),
  ];
  const run = await runCleanplateChild(args, {
    timeoutMs: job.timeoutMs,
    stop: job.stop,
    stdout: 'ignore',
    stderr: 'pipe',
    threads: job.threads,
  });
  const { ms, code, signal } = run;
  const lastLine =
    run.stderr
      .trim()
      .split('\n')
      .pop()
      ?.replace(/^cleanplate apply: /, '') ?? '';
  // Stopped by us, or by a signal sent to the whole process group (Ctrl-C, kill -TERM -<pgid>).
  const signalled = code === 128 + 15 || code === 128 + 2 || signal === 'SIGTERM' || signal === 'SIGINT';
  if (run.stopped || (signalled && !run.timedOut))
    return { outcome: 'interrupted', ms, error: 'stopped before it finished (the batch was interrupted)' };
  if (run.timedOut) return { outcome: 'timeout', ms, error: `timed out after ${Math.round(job.timeoutMs / 1000)} s` };
  if (code === 0) return { outcome: 'done', ms };
  if (code === EXIT_BAD_INPUT) return { outcome: 'bad_input', ms, error: lastLine || 'refused as bad input' };
  return { outcome: 'failed', ms, error: lastLine || `worker ended by ${signal ?? `exit code ${code}`}` };
}
