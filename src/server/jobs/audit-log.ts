// The reviewers' audit log: one JSON line per decision, appended and flushed before the
// decision is announced, never rewritten. A job's record and executed manifest carry the same
// decisions; this file keeps them across jobs, even after a job's files expire.
import { closeSync, fsyncSync, openSync, readFileSync, writeSync, existsSync } from 'node:fs';
import type { ReviewRecord } from './types.ts';

export type AuditEntry = ReviewRecord & { job_id: string };

export function appendAudit(path: string, entry: AuditEntry): void {
  const fd = openSync(path, 'a');
  try {
    writeSync(fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Every entry, oldest first; a line torn by a crash mid-append is skipped. */
export function readAudit(path: string): AuditEntry[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line) => {
      if (!line.trim()) return [];
      try {
        return [JSON.parse(line) as AuditEntry];
      } catch {
        return [];
      }
    });
}
