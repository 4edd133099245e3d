// One file's work runs in a child process (`cleanplate apply`), so a timeout really kills
// it: native inference cannot be interrupted from inside the same process.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EXIT_BAD_INPUT } from '../errors.ts';

const LAUNCHER = fileURLToPath(new URL('../../../bin/cleanplate.js', import.meta.url));

export type Attempt = { outcome: 'done'; ms: number } | { outcome: 'bad_input' | 'failed' | 'timeout'; ms: number; error: string };

export interface ApplyJob {
  manifest: string;
  input: string;
  out: string;
  stripMetadata: boolean;
  timeoutMs: number;
}

export function applyInChild(job: ApplyJob): Promise<Attempt> {
  const args = [
    LAUNCHER,
    'apply',
    job.manifest,
    '--input',
    job.input,
    '--out',
    job.out,
    ...(job.stripMetadata ? ['--strip-metadata'] : []),
  ];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, job.timeoutMs);
    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const ms = Date.now() - started;
      const lastLine =
        stderr
          .trim()
          .split('\n')
          .pop()
          ?.replace(/^cleanplate apply: /, '') ?? '';
      if (timedOut) resolve({ outcome: 'timeout', ms, error: `timed out after ${Math.round(job.timeoutMs / 1000)} s` });
      else if (code === 0) resolve({ outcome: 'done', ms });
      else if (code === EXIT_BAD_INPUT) resolve({ outcome: 'bad_input', ms, error: lastLine || 'refused as bad input' });
      else resolve({ outcome: 'failed', ms, error: lastLine || `worker ended by ${signal ?? `exit code ${code}`}` });
    };
    child.on('error', (e) => {
      stderr += `\ncannot start the worker: ${e.message}`;
      finish(null, null);
    });
    child.on('close', finish);
  });
}
