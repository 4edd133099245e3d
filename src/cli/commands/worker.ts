import { availableParallelism } from 'node:os';
import { DEFAULT_PREFIX } from '../../node/bull-protocol.ts';
import { parse, parseWhole } from '../args.ts';
import { startWorker } from '../bull-worker.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { stopGracefully, stopRequested } from '../interrupt.ts';
import { shareOfCores } from '../../node/threads.ts';

const envWhole = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new UsageError(`${name} must be a whole number (got "${raw}")`);
  return Number(raw);
};

export const worker: Command = {
  name: 'worker',
  help: `cleanplate worker [--redis <url>] [--server <url>] [--concurrency N] [--rate N/S]

Runs the job server's jobs when it queues them on Redis (the server started with REDIS_URL).
Start as many as you like, on any machine that reaches Redis and the server. Each attempt runs
in a process of its own: a crash or an out-of-memory costs that attempt, not the worker. Inputs
are fetched from the server and results uploaded back to it (no shared disk). Stops cleanly on
SIGTERM/SIGINT (the attempts it runs finish first); a worker killed outright has its jobs taken
over by another once their lock expires.

  --redis <url>         Redis (default: REDIS_URL)
  --server <url>        the job server as this machine reaches it (default: the URL the server
                        keeps in Redis: CLEANPLATE_PUBLIC_URL or its listening address)
  --concurrency N       attempts at once (default: CLEANPLATE_CONCURRENCY, else the cores)
  --rate N/S            at most N jobs start per S seconds over all workers of the queue

Environment: CLEANPLATE_WORKER_TOKEN (default: the token the server keeps in Redis),
CLEANPLATE_REDIS_PREFIX, CLEANPLATE_WORKER_MEMORY_MB (4096, heap per attempt process),
CLEANPLATE_LOCK_MS (30000: a dead worker's job is taken over after this),
CLEANPLATE_STALLED_CHECK_MS (15000).`,
  async run(argv) {
    const { values } = parse(argv, {
      redis: { type: 'string' },
      server: { type: 'string' },
      concurrency: { type: 'string' },
      rate: { type: 'string' },
    });
    if (values.help) return (console.log(this.help), 0);
    const redisUrl = (values.redis as string | undefined) ?? process.env.REDIS_URL;
    if (!redisUrl) throw new UsageError('no Redis: pass --redis redis://host:6379 or set REDIS_URL');
    const concurrency = parseWhole('concurrency', values.concurrency, 1, 256) ?? envWhole('CLEANPLATE_CONCURRENCY', availableParallelism());
    let rateLimit;
    if (values.rate !== undefined) {
      const m = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(String(values.rate));
      if (!m || Number(m[1]) < 1 || Number(m[2]) <= 0) throw new UsageError(`--rate must be N/S, e.g. 10/1 (got "${values.rate}")`);
      rateLimit = { max: Number(m[1]), windowMs: Number(m[2]) * 1000 };
    }
    const server = values.server as string | undefined;
    if (server !== undefined && !/^https?:\/\//.test(server)) throw new UsageError(`--server must be an http(s) URL (got "${server}")`);
    stopGracefully();
    const running = await startWorker({
      redisUrl,
      prefix: process.env.CLEANPLATE_REDIS_PREFIX || DEFAULT_PREFIX,
      ...(server ? { server } : {}),
      ...(process.env.CLEANPLATE_WORKER_TOKEN ? { token: process.env.CLEANPLATE_WORKER_TOKEN } : {}),
      concurrency,
      memoryMb: envWhole('CLEANPLATE_WORKER_MEMORY_MB', 4096),
      threads: shareOfCores(concurrency),
      lockMs: envWhole('CLEANPLATE_LOCK_MS', 30_000),
      stalledCheckMs: envWhole('CLEANPLATE_STALLED_CHECK_MS', 15_000),
      ...(rateLimit ? { rateLimit } : {}),
    });
    // Tests and scripts wait for this line.
    console.log(`cleanplate worker ${running.name} is taking jobs (concurrency ${concurrency})`);
    await new Promise((resolve) => stopRequested.addEventListener('abort', resolve, { once: true }));
    await running.close();
    return 0;
  },
};
