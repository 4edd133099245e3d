// One batch at a time per output folder: the state file and the results would otherwise be
// last-writer-wins. The lock file is linked into place complete (link fails if it exists), so
// a reader never sees half of it; a lock whose process is gone (a killed batch) is taken over.
import { randomBytes } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.ts';

export const LOCK_FILE = '.cleanplate-batch.lock';

interface LockInfo {
  pid: number;
  job_id: string;
  started_at: string;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

async function holder(path: string): Promise<LockInfo | null> {
  try {
    const info = JSON.parse(await readFile(path, 'utf8')) as LockInfo;
    return Number.isInteger(info.pid) && info.pid > 0 ? info : null;
  } catch {
    return null;
  }
}

/** Takes the output folder's lock, or refuses with who holds it. Returns the release function. */
export async function lockOutDir(outDir: string, jobId: string): Promise<() => Promise<void>> {
  const path = join(outDir, LOCK_FILE);
  const tmp = join(outDir, `${LOCK_FILE}.${randomBytes(8).toString('hex')}.tmp`);
  const info: LockInfo = { pid: process.pid, job_id: jobId, started_at: new Date().toISOString() };
  await writeFile(tmp, `${JSON.stringify(info)}\n`, { flag: 'wx' });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(tmp, path);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      }
      const other = await holder(path);
      if (other && alive(other.pid)) {
        throw new InputError(
          `another cleanplate batch (pid ${other.pid}, job ${JSON.stringify(other.job_id)}, started ${other.started_at}) is writing to ${outDir}; wait for it to finish or choose another --out-dir`,
        );
      }
      // Its process is gone (killed): the lock is stale.
      await unlink(path).catch(() => {});
    }
  } finally {
    await unlink(tmp).catch(() => {});
  }
  return async () => {
    const current = await holder(path);
    if (current?.pid === process.pid) await unlink(path).catch(() => {});
  };
}
