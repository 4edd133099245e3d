// The embedded job store: one folder per job under <data>/jobs, holding record.json (the
// job's whole record), input/ (the uploaded image and masks), the result and its executed
// manifest. Every record write is atomic (temporary file, fsync, rename), so a server killed
// at any moment leaves each record either as it was or as it became, never torn.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { JobRecord } from './types.ts';

export interface JobStore {
  /** Every record kept, as last written. */
  loadAll(): JobRecord[];
  /** `durable` false: still atomic, but not flushed to the disk (progress within an attempt, cheap to lose). */
  save(job: JobRecord, durable?: boolean): void;
  /** The job's own folder (created on first save). */
  folder(id: string): string;
  /** Removes a job's input and result files, keeping its record. */
  removeFiles(id: string): void;
}

/** Writes a file so that readers see the old or the new content, never a mix, even after kill -9. */
export function writeFileDurably(path: string, text: string | Uint8Array, sync = true): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, typeof text === 'string' ? Buffer.from(text) : text);
    if (sync) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

const RECORD = 'record.json';

export function createFileStore(dataDir: string): JobStore {
  const root = join(dataDir, 'jobs');
  mkdirSync(root, { recursive: true });
  // Job ids are the caller's job_id (any text): folders are named by its hash.
  const folder = (id: string) => join(root, createHash('sha256').update(id).digest('hex').slice(0, 32));
  return {
    folder,
    loadAll() {
      const jobs: JobRecord[] = [];
      for (const name of readdirSync(root)) {
        const path = join(root, name, RECORD);
        if (!existsSync(path)) continue; // a submission killed before it was accepted
        try {
          jobs.push(JSON.parse(readFileSync(path, 'utf8')) as JobRecord);
        } catch (e) {
          console.error(`cleanplate: skipping unreadable job record ${path}: ${(e as Error).message}`);
        }
      }
      return jobs;
    },
    save(job, durable = true) {
      const dir = folder(job.id);
      mkdirSync(dir, { recursive: true });
      writeFileDurably(join(dir, RECORD), JSON.stringify(job), durable);
    },
    removeFiles(id) {
      const dir = folder(id);
      if (!existsSync(dir)) return;
      for (const name of readdirSync(dir)) if (name !== RECORD) rmSync(join(dir, name), { recursive: true, force: true });
    },
  };
}
