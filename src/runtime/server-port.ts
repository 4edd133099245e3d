// InferencePort for the "Server" backend: the operations run in the browser worker as always,
// tiles and all, but each run of an upscaler goes to the server that served the page (POST
// /api/models/:id/run, server/model-runs.ts), runs there on onnxruntime-node (CPU, native
// SIMD) and comes back; a machine without a GPU gets native speed, with the CLI's bytes. Only
// upscalers go: they do about 40 GFLOP per 200 KB tile, so the transfer is nothing beside the
// compute. A text detector does far less per byte (11 MB per 960 px look), and was slower
// sent than in WASM (npm run bench -- inference), so detection and fills stay on the local
// port. The pixels leave the browser for that server, which the Runtime panel says.
import type { InferencePort, ModelSession, PortTensor } from '../ops/port.ts';
import { ModelUnavailableError, type ModelProblem } from './errors.ts';
import type { JobHooks, OrtWebPort } from './ort-web.ts';
import { modelById, type ModelTask } from '../ops/models.ts';
import { decodeTensors, encodeTensors, TENSOR_FRAME_TYPE } from './tensor-frame.ts';

/** The models whose runs are sent; the others run on the local port. */
const SENT: ReadonlySet<ModelTask> = new Set(['upscale']);

export class ServerPort implements InferencePort {
  private jobHooks: JobHooks = {};

  constructor(
    /** Runs the models that are not sent (detectors, fills), as Auto would. */
    private readonly local: OrtWebPort,
    private readonly origin = globalThis.location?.origin ?? '',
    /** The bearer token the server asks for (the one its job routes take). */
    private readonly token?: string,
  ) {}

  /** What the current job wants to hear, for both ports. */
  get hooks(): JobHooks {
    return this.jobHooks;
  }

  set hooks(hooks: JobHooks) {
    this.jobHooks = hooks;
    this.local.hooks = hooks;
  }

  async session(modelId: string): Promise<ModelSession> {
    const model = modelById(modelId);
    if (!SENT.has(model.task)) return this.local.session(modelId);
    return {
      modelId,
      backend: 'cpu',
      inputNames: Object.keys(model.io.inputs),
      outputNames: Object.keys(model.io.outputs),
      run: (feeds, signal) => this.run(modelId, feeds, signal ?? this.hooks.signal),
    };
  }

  /** Whether the server has the model's file (the files the local port downloads from it too). */
  has(modelId: string): Promise<boolean> {
    return this.local.has(modelId);
  }

  private async run(modelId: string, feeds: Record<string, PortTensor>, signal?: AbortSignal): Promise<Record<string, PortTensor>> {
    let res: Response;
    try {
      res = await fetch(`${this.origin}/api/models/${encodeURIComponent(modelId)}/run`, {
        method: 'POST',
        headers: { 'content-type': TENSOR_FRAME_TYPE, ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        body: encodeTensors(feeds),
        signal,
      });
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      throw new Error(
        `The cleanplate server could not be reached (${(e as Error).message}). Start it, or choose Auto or WASM under Runtime to run models in the browser.`,
      );
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as {
        refused?: string;
        unavailable?: { modelId: string; file: string; problem: ModelProblem };
      };
      if (body.unavailable) throw new ModelUnavailableError(body.unavailable.modelId, body.unavailable.file, body.unavailable.problem);
      if (res.status === 401) throw new Error('The server asks for a token for model runs: enter it under Runtime (Server token).');
      if (res.status === 403) throw new Error('The server did not accept the token given under Runtime (Server token).');
      throw new Error(
        body.refused ??
          `The server that serves this page does not run models (HTTP ${res.status}): start it with npm start, or choose Auto or WASM under Runtime.`,
      );
    }
    const outputs = decodeTensors(new Uint8Array(await res.arrayBuffer()));
    this.hooks.onRun?.({
      modelId,
      file: res.headers.get('x-model-file') ?? modelById(modelId).file,
      sha256: res.headers.get('x-model-sha256') || null,
      backend: 'cpu',
    });
    return outputs;
  }
}
