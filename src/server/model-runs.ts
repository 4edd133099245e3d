// POST /api/models/:id/run: one run of a registered model on onnxruntime-node, for editors
// that choose the "Server" backend (a machine without a GPU runs the upscalers several times
// faster natively than in WASM). The body and the answer are tensor frames
// (runtime/tensor-frame.ts); the answer's headers name the model file and its sha256, for the
// run's record. Runs are taken one at a time, so concurrent editors queue rather than share the
// cores, at most limits.maxPending waiting (429 beyond); a run whose caller hung up, or waited
// past the timeout (503), before its turn is not started. (A run that has started cannot be
// interrupted: onnxruntime-node runs it on this thread.) Only models of the registry run, from
// the server's models folder, sha256 checked.
// A refusal answers { refused: message } (plus { unavailable } for a model file problem), so a
// client can tell it from any other server's 404.
import { runQueue } from '../core/run-queue.ts';
import type { FastifyInstance } from 'fastify';
import type { InferencePort } from '../ops/port.ts';
import { publicMessage } from '../node/public-message.ts';
import { ModelUnavailableError } from '../runtime/errors.ts';
import { createNodePort } from '../runtime/ort-node.ts';
import { MODELS } from '../ops/models.ts';
import { decodeTensors, encodeTensors, TENSOR_FRAME_TYPE, TensorFrameError } from '../runtime/tensor-frame.ts';

/** Largest run message taken (a 512 px tile of an upscaler is 3 MB in, 48 MB out). */
export const MAX_RUN_BYTES = 64 * 1024 * 1024;

export interface ModelRunLimits {
  /** Runs waiting or running; more are answered 429. */
  maxPending: number;
  /** How long a caller waits for its run (queue included) before a 503. */
  timeoutMs: number;
}

export const MODEL_RUN_LIMITS: ModelRunLimits = { maxPending: 16, timeoutMs: 120_000 };

/** What became of a run that reached its turn: started, or dropped because its caller left or waited too long. */
export type ModelRunOutcome = 'started' | 'caller-left' | 'late';
/** Told of each run at its turn, before it starts or is dropped (for the server's log and its tests). */
export type OnModelRun = (modelId: string, outcome: ModelRunOutcome) => void;

class CallerLeft extends Error {}
class RunTimeout extends Error {}

export function registerModelRuns(
  app: FastifyInstance,
  modelsDir?: string,
  limits: ModelRunLimits = MODEL_RUN_LIMITS,
  onRun: OnModelRun = () => undefined,
): void {
  let port: InferencePort | undefined;
  const serially = runQueue();
  let pending = 0;

  app.addContentTypeParser(TENSOR_FRAME_TYPE, { parseAs: 'buffer', bodyLimit: MAX_RUN_BYTES }, (_req, body, done) => done(null, body));

  app.post<{ Params: { id: string } }>('/api/models/:id/run', { bodyLimit: MAX_RUN_BYTES }, async (req, reply) => {
    const model = MODELS.find((m) => m.id === req.params.id);
    if (!model)
      return reply.code(404).send({ refused: `Unknown model "${req.params.id}". Known models: ${MODELS.map((m) => m.id).join(', ')}.` });
    if (!Buffer.isBuffer(req.body)) return reply.code(415).send({ refused: `Send the tensors as ${TENSOR_FRAME_TYPE}.` });
    let feeds;
    try {
      feeds = decodeTensors(req.body);
    } catch (e) {
      if (e instanceof TensorFrameError) return reply.code(400).send({ refused: `The run's tensors are malformed: ${e.message}.` });
      throw e;
    }
    if (pending >= limits.maxPending) {
      return reply
        .code(429)
        .header('retry-after', '5')
        .send({ refused: `The server has ${pending} model runs waiting; try again in a few seconds.` });
    }
    // The caller hung up: its run is dropped if it has not started.
    let left = false;
    reply.raw.once('close', () => (left = !reply.raw.writableFinished));
    let late = false;
    let timer: NodeJS.Timeout | undefined;
    // A run counts as pending until it settles, even after its caller stopped waiting.
    let run: Promise<unknown> | undefined;
    pending++;
    try {
      port ??= createNodePort(modelsDir ? { modelsDir } : {});
      const session = await port.session(model.id);
      const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new RunTimeout()), limits.timeoutMs)));
      void deadline.catch(() => (late = true));
      const running = serially(async () => {
        // onnxruntime-node runs on this thread, so a caller who hung up during the run before
        // this one is only seen once the event loop has read its socket again (two turns: one
        // reads the request's end, the next the hang-up). A half-close counts as leaving.
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setImmediate(r));
        const socket = req.raw.socket;
        if (left || socket.destroyed || socket.readableEnded) {
          onRun(model.id, 'caller-left');
          throw new CallerLeft();
        }
        if (late) {
          onRun(model.id, 'late');
          throw new RunTimeout();
        }
        onRun(model.id, 'started');
        return session.run(feeds);
      });
      run = running;
      const outputs = await Promise.race([running, deadline]);
      return reply
        .header('content-type', TENSOR_FRAME_TYPE)
        .header('x-model-file', model.file)
        .header('x-model-sha256', model.sha256 ?? '')
        .send(Buffer.from(encodeTensors(outputs).buffer));
    } catch (e) {
      if (e instanceof CallerLeft) return reply.code(499).send({ refused: 'The caller left before the run started.' });
      if (e instanceof RunTimeout)
        return reply
          .code(503)
          .send({ refused: `The model run did not finish within ${Math.round(limits.timeoutMs / 1000)} s; try a smaller tile.` });
      if (e instanceof ModelUnavailableError) {
        return reply.code(409).send({ refused: e.message, unavailable: { modelId: e.modelId, file: e.file, problem: e.problem } });
      }
      // onnxruntime refused the inputs (names, shapes): the caller's mistake, said as it is.
      return reply.code(400).send({ refused: `Model "${model.id}" could not run on these inputs: ${publicMessage((e as Error).message)}` });
    } finally {
      clearTimeout(timer);
      if (run) void run.catch(() => undefined).finally(() => pending--);
      else pending--;
    }
  });
}
