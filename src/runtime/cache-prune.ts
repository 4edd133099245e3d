// The cache folders ($CLEANPLATE_CACHE_DIR/v8 and /onnx) hold one file per build of the CLI,
// onnxruntime version and machine: what an older install or another machine made is never
// read again, so without pruning they only grow (a few MB per upgrade). A file is "used" when
// it is written or read (its mtime is set then); whenever a new one is written, files unused
// for UNUSED_FOR_MS are removed, and temporary files of a write that died midway after an hour.
import { readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

export const UNUSED_FOR_MS = 30 * 24 * 3600_000;
/** A `.tmp` file this old is left by a process that died while writing it (a write takes well under a second). */
const ABANDONED_TMP_MS = 3600_000;

/** Marks a cache file as used now; a file that cannot be touched is only pruned sooner. */
export function markUsed(file: string, now = Date.now()): void {
  try {
    utimesSync(file, now / 1000, now / 1000);
  } catch {
    // read-only cache: kept until someone can write there
  }
}

/** Removes the files of `dir` unused for `unusedForMs`; answers their names. Never throws. */
export function pruneUnused(dir: string, now = Date.now(), unusedForMs = UNUSED_FOR_MS): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const file = join(dir, name);
    try {
      const st = statSync(file);
      const limit = name.endsWith('.tmp') ? ABANDONED_TMP_MS : unusedForMs;
      if (!st.isFile() || now - st.mtimeMs <= limit) continue;
      rmSync(file, { force: true });
      removed.push(name);
    } catch {
      // gone meanwhile (another process pruned it) or not ours to remove
    }
  }
  return removed;
}
