// Test fixture: a real Redis (Debian's redis-server) on a free loopback port, persisting to an
// append-only file in a temporary folder, fsynced on every write; killable and restartable on
// the same port and data, so tests can take Redis away mid-run. Tests start their own, so
// `npm test` needs nothing running beforehand (only the package: apt-get install redis-server).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

export interface TestRedis {
  url: string;
  port: number;
  /** kill -9, then start again on the same port and append-only file. */
  restart(): Promise<void>;
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A loopback port nothing listens on (just now). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

export async function startRedis(): Promise<TestRedis> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: apt-get install redis-server (the .ci/run script does)`);
  const dir = mkdtempSync(join(tmpdir(), 'cleanplate-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always'];
    child = spawn(REDIS_SERVER, [...args, '--save', '', '--daemonize', 'no', '--protected-mode', 'yes'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const proc = child;
    await new Promise<void>((ready, fail) => {
      const onData = (d: Buffer) => {
        out += d;
        if (out.includes('Ready to accept connections')) {
          proc.stdout!.off('data', onData);
          proc.stdout!.resume();
          ready();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', (d) => (out += d));
      proc.once('exit', (code) => fail(new Error(`redis-server exited (${code}) before it was ready: ${out.slice(-2000)}`)));
    });
  };
  const kill = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    kill,
    async restart() {
      await kill();
      await start();
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
