// POST /api/models/:id/run: one run of a registered model on onnxruntime-node, for editors
// that choose the "Server" backend (a machine without a GPU runs the upscalers several times
// faster natively than in WASM). The body and the answer are tensor frames
// (runtime/tensor-frame.ts); the answer's headers name the model file and its sha256, for the
// run's record. Runs are taken one at a time, so concurrent editors queue rather than share the
// cores. Only models of the registry run, from the server's models folder, sha256 checked.
// A refusal answers { refused: message } (plus { unavailable } for a model file problem), so a
// client can tell it from any other server's 404.
import type { FastifyInstance } from 'fastify';
import type { InferencePort } from '../ops/port.ts';
import { ModelUnavailableError } from '../runtime/errors.ts';
import { createNodePort } from '../runtime/ort-node.ts';
import { MODELS } from '../ops/models.ts';
import { decodeTensors, encodeTensors, TENSOR_FRAME_TYPE, TensorFrameError } from '../runtime/tensor-frame.ts';

/** Largest run message taken (a 512 px tile of an upscaler is 3 MB in, 48 MB out). */
export const MAX_RUN_BYTES = 64 * 1024 * 1024;

export function registerModelRuns(app: FastifyInstance, modelsDir?: string): void {
  let port: InferencePort | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };

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
    try {
      port ??= createNodePort(modelsDir ? { modelsDir } : {});
      const session = await port.session(model.id);
      const outputs = await serially(() => session.run(feeds));
      return reply
        .header('content-type', TENSOR_FRAME_TYPE)
        .header('x-model-file', model.file)
        .header('x-model-sha256', model.sha256 ?? '')
        .send(Buffer.from(encodeTensors(outputs).buffer));
    } catch (e) {
      if (e instanceof ModelUnavailableError) {
        return reply.code(409).send({ refused: e.message, unavailable: { modelId: e.modelId, file: e.file, problem: e.problem } });
      }
      // onnxruntime refused the inputs (names, shapes): the caller's mistake, said as it is.
      return reply.code(400).send({ refused: `Model "${model.id}" could not run on these inputs: ${(e as Error).message}` });
    }
  });
}
