// Running `cleanplate <command>` in a child process under a time limit and a stop signal: native
// inference cannot be interrupted from inside the process that runs it, a child can. A child
// is asked to stop with SIGTERM (it removes its temporary files and exits) and killed if it
// has not exited after a grace period (its event loop may be busy in a JS fill).
import { spawn, type StdioOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withMallocTunables } from '../../bin/malloc.js';
import { THREADS_VARIABLE } from '../node/threads.ts';

const LAUNCHER = fileURLToPath(new URL('../../bin/cleanplate.js', import.meta.url));
const KILL_GRACE_MS = 3000;

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Ended because the time limit passed. */
  timedOut: boolean;
  /** Ended because `stop` was aborted. */
  stopped: boolean;
  /** The last 4000 characters of its stderr when piped. */
  stderr: string;
  ms: number;
}

export interface ChildOptions {
  timeoutMs?: number;
  stop?: AbortSignal;
  /** 'pipe' keeps stderr for the caller; 'inherit' shows it. */
  stderr: 'pipe' | 'inherit';
  stdout: 'ignore' | 'inherit';
  /** onnxruntime threads for the child (its share of the cores); default: as this process has them (threads.ts). */
  threads?: number;
}

export function runCleanplateChild(args: string[], options: ChildOptions): Promise<ChildRun> {
  const started = Date.now();
  const stdio: StdioOptions = ['ignore', options.stdout, options.stderr];
  return new Promise((resolve) => {
    // With glibc's malloc settings (bin/malloc.js) given, the launcher runs the command in this child itself.
    const env = withMallocTunables(options.threads ? { ...process.env, [THREADS_VARIABLE]: String(options.threads) } : process.env);
    const child = spawn(process.execPath, [LAUNCHER, ...args], { stdio, env });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    let timedOut = false;
    let stopped = false;
    let killTimer: NodeJS.Timeout | undefined;
    const terminate = () => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    const limit =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            terminate();
          }, options.timeoutMs);
    const onStop = () => {
      stopped = true;
      terminate();
    };
    if (options.stop?.aborted) onStop();
    else options.stop?.addEventListener('abort', onStop, { once: true });
    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(limit);
      clearTimeout(killTimer);
      options.stop?.removeEventListener('abort', onStop);
      resolve({ code, signal, timedOut, stopped, stderr, ms: Date.now() - started });
    };
    child.on('error', (e) => {
      stderr += `\ncannot start the worker: ${e.message}`;
      finish(null, null);
    });
    child.on('close', finish);
  });
}
