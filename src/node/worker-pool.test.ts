// The job server's worker processes start with glibc's malloc settings (bin/malloc.js), so
// that an attempt reuses the memory the one before it freed instead of faulting in new pages.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { MALLOC_TUNABLES } from '../../bin/malloc.js';
import type { ParentMessage } from './job-protocol.ts';
import { WorkerPool } from './worker-pool.ts';

it('starts its worker processes with glibc malloc settings that keep freed memory', async () => {
  const pool = new WorkerPool({ size: 1, memoryMb: 256, threads: 1 });
  try {
    // Never sent: the attempt is cancelled before its process says it is ready.
    const task = { type: 'run' } as ParentMessage;
    const attempt = pool.run(task, 60_000, { onStep: () => {}, onProgress: () => {} });
    const environ = readFileSync(`/proc/${attempt.pid}/environ`, 'utf8').split('\0');
    attempt.cancel();
    expect((await attempt.result).outcome).toBe('cancelled');
    // glibc's loader cuts the variable at its first ':' in place while it parses it: read
    // before that, the process's initial environment shows all of it, after, the first setting.
    const given = environ.find((v) => v.startsWith('GLIBC_TUNABLES='))?.slice('GLIBC_TUNABLES='.length);
    expect([MALLOC_TUNABLES, MALLOC_TUNABLES.split(':')[0]]).toContain(given);
  } finally {
    await pool.close();
  }
});
