// Sessions from onnxruntime's optimised copy of a model. Optimising a graph (fusing
// operators, converting convolutions to the CPU's blocked layout) is a third of opening a
// session, and it gives the same graph every time on the same machine and onnxruntime. So the
// first open writes the optimised graph to a cache folder and later opens load that copy
// with optimisation off: 57 against 84 ms of CPU for the two text detectors, outputs
// bit-identical. The copy is only valid for the onnxruntime version and the CPU features it
// was made with (the blocked layout depends on the vector width), so those are in its name,
// and its own sha256, kept beside it, is checked before use: a stale, partial or damaged copy
// is never loaded but rebuilt. Copies unused for a month are removed (cache-prune.ts).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { cpus, homedir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { markUsed, pruneUnused } from './cache-prune.ts';
import { sha256Of } from './node-sha256.ts';

/** Bump when what is cached or how it is named changes. */
const FORMAT = 1;

/**
 * Where optimised models are kept unless a port is given a folder: $CLEANPLATE_CACHE_DIR, else
 * the user's cache folder ($XDG_CACHE_HOME or ~/.cache) under cleanplate/onnx.
 */
export function defaultOptimizedDir(): string {
  const own = process.env.CLEANPLATE_CACHE_DIR;
  if (own) return join(own, 'onnx');
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cleanplate', 'onnx');
}

let machine: string | undefined;
/** The CPU as the optimiser sees it: its instruction-set flags (Linux), else its model name. */
function machineKey(): string {
  if (machine === undefined) {
    let flags = '';
    try {
      flags = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? '';
    } catch {
      // not Linux: the model name stands in
    }
    machine = `${process.platform}-${process.arch}|${flags || (cpus()[0]?.model ?? 'unknown')}`;
  }
  return machine;
}

/** The cache file's name for a model: its sha256, onnxruntime's version, the CPU and the format. */
function cacheName(modelSha: string): string {
  const key = JSON.stringify([FORMAT, modelSha, ort.env.versions, machineKey()]);
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

export type SessionSource = 'optimized copy' | 'optimized now' | 'model';

/**
 * A session on `model` (its bytes and sha256) with `options`, from the optimised copy in `dir`
 * when a valid one is there, else optimising the model now and, when `dir` can be written,
 * keeping the result there for next time. `source` says which happened. Errors opening the
 * model itself are thrown as onnxruntime gives them.
 */
export async function openOptimized(
  model: { bytes: Uint8Array; sha256: string },
  options: ort.InferenceSession.SessionOptions,
  dir: string,
): Promise<{ session: ort.InferenceSession; source: SessionSource }> {
  const file = join(dir, `${cacheName(model.sha256)}.onnx`);
  const sumFile = `${file}.sha256`;
  // Marked used before it is read: the other detector, opened at the same time, may write its
  // own copy and prune meanwhile, and must not take this one away as unused.
  markUsed(file);
  markUsed(sumFile);
  const cached = await readValid(file, sumFile);
  if (cached) {
    try {
      const session = await ort.InferenceSession.create(cached, { ...options, graphOptimizationLevel: 'disabled' });
      return { session, source: 'optimized copy' };
    } catch {
      // A copy onnxruntime cannot load (made by a build with other operators): made again below.
    }
  }
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
  } catch {
    return { session: await ort.InferenceSession.create(model.bytes, options), source: 'model' };
  }
  let session: ort.InferenceSession;
  try {
    // Warnings off while writing: onnxruntime warns that the copy is for this machine only, which is why its name says which machine.
    session = await ort.InferenceSession.create(model.bytes, { ...options, optimizedModelFilePath: tmp, logSeverityLevel: 3 });
  } catch (e) {
    await rm(tmp, { force: true });
    // The folder may refuse the file: the model itself still opens.
    try {
      return { session: await ort.InferenceSession.create(model.bytes, options), source: 'model' };
    } catch {
      throw e;
    }
  }
  await keep(tmp, file, sumFile);
  pruneUnused(dir); // copies for other onnxruntime versions, models or machines
  return { session, source: 'optimized now' };
}

/** The cached copy's bytes when its recorded sha256 matches them; null when missing, partial or damaged. */
async function readValid(file: string, sumFile: string): Promise<Uint8Array | null> {
  try {
    const [bytes, sum] = await Promise.all([readFile(file), readFile(sumFile, 'utf8')]);
    return sha256Of(bytes) === sum.trim() ? bytes : null;
  } catch {
    return null;
  }
}

/**
 * Moves a freshly written copy into place, its sha256 last: a reader sees either no sum, an
 * old sum that no longer matches, or the complete pair. Failing to keep it costs nothing but
 * the next start's optimisation.
 */
async function keep(tmp: string, file: string, sumFile: string): Promise<void> {
  try {
    const sum = sha256Of(await readFile(tmp));
    await rename(tmp, file);
    const sumTmp = `${tmp}.sha256`;
    await writeFile(sumTmp, `${sum}\n`);
    await rename(sumTmp, sumFile);
  } catch {
    await rm(tmp, { force: true });
  }
}
