// The inference port on onnxruntime-node (CPU), for the server, the CLI, evals and tests.
// Model files come from models/ by registry id; each file's sha256 is checked once per port.
import { runQueue } from '../core/run-queue.ts';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { InferencePort, ModelSession, PortTensor } from '../ops/port.ts';
import { throwIfAborted } from '../ops/context.ts';
import { ModelUnavailableError } from './errors.ts';
import { MODELS, modelById, type ModelEntry } from '../ops/models.ts';
import { sha256Of } from './node-sha256.ts';
import { defaultOptimizedDir, openOptimized } from './optimized-model.ts';

export interface NodePortOptions {
  /** Folder holding the .onnx files; default: the project's models/. */
  modelsDir?: string;
  /** Threads per session for one run (onnxruntime intra-op); default: onnxruntime's choice. */
  intraOpNumThreads?: number;
  /**
   * Folder for onnxruntime's optimised copies of the models with a pinned sha256
   * (optimized-model.ts); default defaultOptimizedDir(); null: optimise at every open.
   */
  optimizedDir?: string | null;
}

const DEFAULT_MODELS_DIR = resolve(import.meta.dirname, '../../models');

export function createNodePort(options: NodePortOptions = {}): InferencePort {
  const dir = options.modelsDir ?? DEFAULT_MODELS_DIR;
  const sessions = new Map<string, Promise<ModelSession>>();
  const optimizedDir = options.optimizedDir === undefined ? defaultOptimizedDir() : options.optimizedDir;

  const fileOf = (m: ModelEntry) => join(dir, m.file);
  /** The path as the user would type it: relative to the working folder when inside it. */
  const shown = (m: ModelEntry) => {
    const rel = relative(process.cwd(), fileOf(m));
    return rel && !rel.startsWith('..') ? rel : fileOf(m);
  };

  async function open(m: ModelEntry): Promise<ModelSession> {
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = await readFile(fileOf(m));
    } catch {
      // Models with no pinned sha256 are not shipped beside the project: point at their source.
      throw new ModelUnavailableError(m.id, shown(m), 'missing', undefined, m.sha256 ? undefined : m.upstream);
    }
    if (m.sha256) {
      const sum = sha256Of(bytes);
      if (sum !== m.sha256)
        throw new ModelUnavailableError(m.id, shown(m), 'wrong-sha256', `has sha256 ${sum}, the registry expects ${m.sha256}`);
    }
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      executionProviders: ['cpu'],
      // Without onnxruntime's arena each run's buffers go back to the heap, so sessions that
      // run in turn (text detection's two detectors) share one peak instead of holding two
      // (226 against 298 MB for both detectors at 960 px); time is not measurably different.
      enableCpuMemArena: false,
      // Nor one block planned per run for all its buffers: with malloc's heap in huge pages
      // (bin/malloc.js) that block kept partly used pages whole, and a remove-text's peak RSS
      // rose from 284 to 314 MB; time is not measurably different (1.03-1.05 s per detection
      // either way, whole process).
      enableMemPattern: false,
      // onnxruntime's pool threads spin between operators by default: on a 2-core machine
      // shared with other work they take the cores the next operator needs. Not spinning,
      // text detection's nine passes at 960 px took 360-640 ms (0.58-0.62 s CPU) against
      // 480-2600 ms (0.8-1.2 s CPU) spinning, and opening both detectors 56 against 110-150 ms.
      extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
      ...(options.intraOpNumThreads ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
    };
    let inner: ort.InferenceSession;
    try {
      // Only a model whose sha256 was checked above is named by it in the cache.
      inner =
        m.sha256 && optimizedDir
          ? (await openOptimized({ bytes, sha256: m.sha256 }, sessionOptions, optimizedDir)).session
          : await ort.InferenceSession.create(bytes, sessionOptions);
    } catch (e) {
      throw new ModelUnavailableError(m.id, shown(m), 'unloadable', (e as Error).message);
    }
    return serialSession(m.id, inner);
  }

  return {
    session(modelId) {
      const m = modelById(modelId);
      let s = sessions.get(m.id);
      if (!s) {
        s = open(m);
        // A failed open is not cached: the user may install the file and retry.
        s.catch(() => sessions.delete(m.id));
        sessions.set(m.id, s);
      }
      return s;
    },
    async has(modelId) {
      if (!MODELS.some((e) => e.id === modelId)) return false;
      try {
        await this.session(modelId);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/**
 * Wraps an onnxruntime session so that its runs execute one at a time, in call order.
 * onnxruntime-node's run is a promise, but the network runs on this thread (a synchronous
 * native call in a setImmediate, its pool threads joining in): JavaScript started before
 * awaiting a run does not overlap it, it runs first. In a CLI remove-text's profile the
 * thread was idle for 0.13 of 2.6 s, and the runs took 0.66 s of it.
 */
function serialSession(modelId: string, inner: ort.InferenceSession): ModelSession {
  const serially = runQueue();
  return {
    modelId,
    backend: 'cpu',
    inputNames: inner.inputNames,
    outputNames: inner.outputNames,
    run(feeds, signal) {
      return serially(async () => {
        throwIfAborted(signal);
        const ortFeeds: Record<string, ort.Tensor> = {};
        for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor(t.type, t.data, t.dims);
        const out = await inner.run(ortFeeds);
        const result: Record<string, PortTensor> = {};
        for (const [name, t] of Object.entries(out)) {
          result[name] = { type: t.type as PortTensor['type'], data: t.data as PortTensor['data'], dims: [...t.dims] };
        }
        return result;
      });
    },
  };
}
