// The batch state file in the output folder: which inputs are done for which job (job_id,
// input sha256 and the manifest's content digest), so a re-run (after a kill, a crash or a
// review) skips them. Written atomically after every file. A state file that is missing,
// unreadable or malformed is rebuilt from the executed manifests beside the results, and
// a malformed one is reported (it is not silently dropped).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { reviewNote } from '../apply.ts';
import { writeFileAtomic } from '../output-files.ts';
import { batchJobId, manifestKey } from './manifest-key.ts';
import { readOutputSet } from './outputs-match.ts';

export const STATE_FILE = '.cleanplate-batch.json';
const MANIFEST_SUFFIX = '.manifest.json';

export interface FileState {
  job_id: string;
  sha256: string;
  /** manifestKey of the manifest the result was made with. */
  manifest_sha256: string;
  status: 'done' | 'needs_review';
  attempts: number;
  out?: string;
  error?: string;
}

export interface BatchState {
  version: 1;
  files: Record<string, FileState>;
}

export interface LoadedState {
  state: BatchState;
  /** What was wrong with the state file found, when it was not used as it was. */
  problem?: string;
  /** How many entries were rebuilt from executed manifests. */
  rebuilt?: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const HEX64 = /^[0-9a-f]{64}$/;

function entryProblem(name: string, e: unknown): string | null {
  if (!isRecord(e)) return `files["${name}"] is not an object`;
  if (typeof e.job_id !== 'string' || !e.job_id) return `files["${name}"].job_id is missing`;
  if (typeof e.sha256 !== 'string' || !HEX64.test(e.sha256)) return `files["${name}"].sha256 is not a sha256 digest`;
  if (typeof e.manifest_sha256 !== 'string' || !HEX64.test(e.manifest_sha256))
    return `files["${name}"].manifest_sha256 is missing (written by an older cleanplate)`;
  if (e.status !== 'done' && e.status !== 'needs_review') return `files["${name}"].status is not "done" or "needs_review"`;
  return null;
}

/** What is wrong with a state file's text, or null when it is a sound version 1 state. */
export function stateProblem(text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `it is not valid JSON (${(e as Error).message})`;
  }
  if (!isRecord(value)) return 'it is not a JSON object';
  if (value.version !== 1) return `its version is ${JSON.stringify(value.version)}, not 1`;
  if (!isRecord(value.files))
    return `its "files" is ${Array.isArray(value.files) ? 'a list' : 'missing'}, not an object keyed by file name`;
  for (const [name, entry] of Object.entries(value.files)) {
    const problem = entryProblem(name, entry);
    if (problem) return problem;
  }
  return null;
}

/** Done entries for every result in the folder whose executed manifest vouches for it (outputs-match.ts). */
export async function rebuildState(outDir: string): Promise<BatchState> {
  const files: Record<string, FileState> = {};
  const names = (await readdir(outDir)).filter((n) => n.endsWith(MANIFEST_SUFFIX)).sort();
  for (const manifestName of names) {
    const out = manifestName.slice(0, -MANIFEST_SUFFIX.length);
    const set = await readOutputSet(join(outDir, out));
    if (!set.ok || reviewNote(set.executed)) continue;
    const { executed } = set;
    // A batch writes <out-dir>/<input name>: the source's name is the input's.
    if (executed.source.file !== out) continue;
    files[out] = {
      job_id: batchJobId(executed),
      sha256: executed.source.sha256,
      manifest_sha256: manifestKey(executed),
      status: 'done',
      attempts: 0,
      out,
    };
  }
  return { version: 1, files };
}

export async function loadState(outDir: string): Promise<LoadedState> {
  let text: string | null = null;
  try {
    text = await readFile(join(outDir, STATE_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') text = '';
  }
  const problem = text === null ? null : text === '' ? 'it cannot be read' : stateProblem(text);
  if (text !== null && !problem) return { state: JSON.parse(text) as BatchState };
  const state = await rebuildState(outDir);
  return { state, rebuilt: Object.keys(state.files).length, ...(problem ? { problem } : {}) };
}

/** Serialises saves so concurrent workers never interleave writes. */
export function stateWriter(outDir: string, state: BatchState) {
  let chain: Promise<void> = Promise.resolve();
  const write = () => writeFileAtomic(join(outDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
  return {
    save(name: string, entry: FileState): Promise<void> {
      state.files[name] = entry;
      chain = chain.then(write);
      return chain;
    },
    /** Writes the state as it is (after a rebuild). */
    flush(): Promise<void> {
      chain = chain.then(write);
      return chain;
    },
  };
}

export function isDone(state: BatchState, name: string, key: { jobId: string; sha256: string; manifestSha256: string }): boolean {
  const entry = state.files[name];
  return (
    entry?.status === 'done' && entry.job_id === key.jobId && entry.sha256 === key.sha256 && entry.manifest_sha256 === key.manifestSha256
  );
}
