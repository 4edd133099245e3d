// The batch state file in the output folder: which inputs are done for which job, so a
// re-run (after a kill, a crash or a review) skips them. Written atomically after every file.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../image-io.ts';

export const STATE_FILE = '.cleanplate-batch.json';

export interface FileState {
  job_id: string;
  sha256: string;
  status: 'done' | 'needs_review';
  attempts: number;
  out?: string;
  error?: string;
}

export interface BatchState {
  version: 1;
  files: Record<string, FileState>;
}

export async function loadState(outDir: string): Promise<BatchState> {
  try {
    const state = JSON.parse(await readFile(join(outDir, STATE_FILE), 'utf8')) as BatchState;
    if (state.version === 1 && typeof state.files === 'object' && state.files) return state;
  } catch {
    // Missing or unreadable: start afresh (outputs are rewritten atomically, so nothing is lost).
  }
  return { version: 1, files: {} };
}

/** Serialises saves so concurrent workers never interleave writes. */
export function stateWriter(outDir: string, state: BatchState) {
  let chain: Promise<void> = Promise.resolve();
  return (name: string, entry: FileState): Promise<void> => {
    state.files[name] = entry;
    chain = chain.then(() => writeFileAtomic(join(outDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`));
    return chain;
  };
}

export function isDone(state: BatchState, name: string, jobId: string, sha256: string): boolean {
  const entry = state.files[name];
  return entry?.status === 'done' && entry.job_id === jobId && entry.sha256 === sha256;
}
