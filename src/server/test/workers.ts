// Test helper: `cleanplate worker` processes, started as a user would start them, each in its own
// process group (kill -9 takes its attempt processes too); resolves once the worker takes jobs.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface WorkerProcess {
  child: ChildProcess;
  /** host:pid, as the job records name it. */
  name: string;
  /** kill -9 of the worker (its attempt processes exit when their channel closes). */
  kill(): Promise<void>;
  /** SIGTERM: finishes what it runs, then exits. */
  stop(): Promise<void>;
}

/** Short locks so a killed worker's job is taken over quickly; tests wait on the job, never on time. */
export const FAST_TAKEOVER = { CLEANPLATE_LOCK_MS: '3000', CLEANPLATE_STALLED_CHECK_MS: '1000' };

export async function startWorkerProcess(redisUrl: string, args: string[] = [], env: Record<string, string> = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/cleanplate.js'), 'worker', '--redis', redisUrl, '--concurrency', '1', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...FAST_TAKEOVER, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (d) => (out += d));
  const name = await new Promise<string>((ready, fail) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /cleanplate worker (\S+) is taking jobs/.exec(out);
      if (m) ready(m[1]);
    });
    child.once('exit', (code) => fail(new Error(`cleanplate worker exited (${code}) before taking jobs: ${out.slice(-2000)}`)));
  });
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    name,
    async kill() {
      if (ended()) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (ended()) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
