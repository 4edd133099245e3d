// Writing results so that a failure or a kill never leaves half a file, a stray temporary
// file, or a mismatched set. Each file is first written to a temporary file created
// exclusively (O_CREAT | O_EXCL: never an existing file, never followed through a symlink,
// with an unguessable name) in the target's folder, then renamed over the target. A set
// (result, mask, executed manifest) is renamed in order, the executed manifest last: it
// records the result's sha256, so a set cut short by a kill reads as mismatched
// (see outputs-match.ts) instead of passing for whole.
import { randomBytes } from 'node:crypto';
import { close, closeSync, fsync, openSync, unlinkSync, writeFile } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { InputError } from './errors.ts';

/** Temporary files of this process not yet renamed or removed: removed on a signal (interrupt.ts). */
const pending = new Set<string>();

export function removePendingTempFiles(): void {
  for (const path of pending) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
  pending.clear();
}

const tempName = (path: string) => join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);

const writeFd = promisify(writeFile),
  syncFd = promisify(fsync),
  closeFd = promisify(close);

/**
 * Writes `bytes` to a new temporary file beside `path` and returns its name. The file is
 * created synchronously and listed in `pending` at once: a signal's handler (interrupt.ts)
 * runs between event-loop turns, so it finds every temporary file that exists. Created by an
 * asynchronous call, one could appear after the handler had looked and the process exited:
 * a stray .tmp file (output-files.test.ts stops a process 40 times while it writes).
 */
async function writeTemp(path: string, bytes: Uint8Array | string): Promise<string> {
  const tmp = tempName(path);
  const fd = openSync(tmp, 'wx', 0o644);
  pending.add(tmp);
  try {
    await writeFd(fd, bytes);
    await syncFd(fd);
  } finally {
    await closeFd(fd);
  }
  return tmp;
}

export interface OutputFile {
  path: string;
  bytes: Uint8Array | string;
}

/**
 * Writes every file to its exclusive temporary first, then renames them in the given order
 * (put the file that vouches for the others last). On any failure the temporary files are removed.
 */
export async function writeSetAtomic(files: readonly OutputFile[]): Promise<void> {
  const temps: string[] = [];
  try {
    for (const f of files) temps.push(await writeTemp(f.path, f.bytes));
    for (const [i, f] of files.entries()) {
      await rename(temps[i], f.path);
      pending.delete(temps[i]);
    }
  } finally {
    for (const tmp of temps) {
      if (!pending.delete(tmp)) continue;
      await unlink(tmp).catch(() => {});
    }
  }
}

export const writeFileAtomic = (path: string, bytes: Uint8Array | string) => writeSetAtomic([{ path, bytes }]);

/**
 * Refuses, before any work, an output whose folder is missing, is not a folder, or cannot be
 * written: a probe file is created exclusively there and removed.
 */
export async function checkOutputFolder(out: string, option = '--out'): Promise<void> {
  const folder = dirname(resolve(out));
  const problem = await stat(folder).then(
    (s) => (s.isDirectory() ? null : 'is not a folder'),
    (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? 'does not exist' : `cannot be read (${e.code ?? e.message})`),
  );
  if (problem) throw new InputError(`cannot write ${option} ${out}: the folder ${folder} ${problem}; create it or choose another`);
  try {
    probeWritable(folder);
  } catch (e) {
    throw new InputError(
      `cannot write ${option} ${out}: the folder ${folder} is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); choose another`,
    );
  }
}

/**
 * Creates and removes a probe file in `folder`, synchronously: a signal's handler
 * (interrupt.ts) runs between event-loop turns, so it never finds the probe half done and
 * exits leaving it behind (a batch's child stopped at this point did, with asynchronous calls).
 */
function probeWritable(folder: string): void {
  const probe = tempName(join(folder, 'cleanplate-write-check'));
  closeSync(openSync(probe, 'wx'));
  unlinkSync(probe);
}
