// The server's model runs, through a real Fastify app on real onnxruntime-node and the real
// models: the answer is bit for bit what the Node port gives, and bad requests are refused
// with a message that says what is wrong.
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodePort } from '../runtime/ort-node.ts';
import { decodeTensors, encodeTensors, TENSOR_FRAME_TYPE as FRAME } from '../runtime/tensor-frame.ts';
import { registerModelRuns } from './model-runs.ts';

const app = Fastify();
registerModelRuns(app);
afterAll(() => app.close());

const tile = () => ({
  input: {
    type: 'float32' as const,
    dims: [1, 3, 12, 16],
    data: Float32Array.from({ length: 3 * 12 * 16 }, (_, i) => ((i * 37) % 101) / 100),
  },
});
const post = (id: string, payload: Uint8Array | string, contentType = FRAME) =>
  app.inject({ method: 'POST', url: `/api/models/${id}/run`, headers: { 'content-type': contentType }, payload: Buffer.from(payload) });

describe('POST /api/models/:id/run', () => {
  it('runs a registered model and answers with its outputs and file, equal to the Node port', async () => {
    const res = await post('realesr-animevideov3', encodeTensors(tile()));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['x-model-file']).toBe('realesr-animevideov3.onnx');
    expect(res.headers['x-model-sha256']).toMatch(/^[0-9a-f]{64}$/);
    const { output } = decodeTensors(res.rawPayload);
    expect(output.dims).toEqual([1, 3, 48, 64]);
    const local = await (await createNodePort().session('realesr-animevideov3')).run(tile());
    expect(
      Buffer.from((output.data as Float32Array).buffer, (output.data as Float32Array).byteOffset, output.data.byteLength).equals(
        Buffer.from(
          (local.output.data as Float32Array).buffer,
          (local.output.data as Float32Array).byteOffset,
          local.output.data.byteLength,
        ),
      ),
    ).toBe(true);
  });

  it('refuses an unknown model, a malformed message and inputs the model does not take, saying why', async () => {
    const unknown = await post('gpt', encodeTensors(tile()));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().refused).toMatch(/Unknown model "gpt". Known models: .*realesr-animevideov3/);
    const torn = await post('realesr-animevideov3', encodeTensors(tile()).subarray(0, 100));
    expect(torn.statusCode).toBe(400);
    expect(torn.json().refused).toMatch(/^The run's tensors are malformed: tensor "input": its data lies outside the message/);
    const misnamed = await post('realesr-animevideov3', encodeTensors({ data: tile().input }));
    expect(misnamed.statusCode).toBe(400);
    expect(misnamed.json().refused).toMatch(/^Model "realesr-animevideov3" could not run on these inputs: /);
    const asJson = await post('realesr-animevideov3', '{}', 'application/json');
    expect(asJson.statusCode).toBe(415);
  });

  it('says which model file is missing, and how to install it', async () => {
    const empty = Fastify();
    registerModelRuns(empty, '/nonexistent-models');
    const res = await empty.inject({
      method: 'POST',
      url: '/api/models/realesr-animevideov3/run',
      headers: { 'content-type': FRAME },
      payload: Buffer.from(encodeTensors(tile())),
    });
    await empty.close();
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      unavailable: { modelId: 'realesr-animevideov3', problem: 'missing' },
      refused: expect.stringMatching(/not installed.*npm run models -- --from/),
    });
  });
});

describe('model run limits', () => {
  it('answers 429 when too many runs wait, and 503 when a run outlasts the timeout', async () => {
    const full = Fastify();
    registerModelRuns(full, undefined, { maxPending: 0, timeoutMs: 60_000 });
    const refused = await full.inject({
      method: 'POST',
      url: '/api/models/realesr-animevideov3/run',
      headers: { 'content-type': FRAME },
      payload: Buffer.from(encodeTensors(tile())),
    });
    await full.close();
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.json().refused).toMatch(/model runs waiting; try again in a few seconds/);

    const hasty = Fastify();
    // Both runs are parsed before either handler goes on (a test barrier), so one waits behind
    // the other: onnxruntime-node computes on this thread, far past the 1 ms a run may wait.
    let arrived = 0;
    let bothArrived: () => void;
    const barrier = new Promise<void>((r) => (bothArrived = r));
    hasty.addHook('preHandler', async () => {
      if (++arrived === 2) bothArrived();
      await barrier;
    });
    const outcomes: string[] = [];
    let bothSettled: () => void;
    const settled = new Promise<void>((r) => (bothSettled = r));
    registerModelRuns(hasty, undefined, { maxPending: 4, timeoutMs: 1 }, (_id, outcome) => {
      if (outcomes.push(outcome) === 2) bothSettled();
    });
    const big = { input: { type: 'float32' as const, dims: [1, 3, 256, 256], data: new Float32Array(3 * 256 * 256).fill(0.5) } };
    const send = () =>
      hasty.inject({
        method: 'POST',
        url: '/api/models/realesr-animevideov3/run',
        headers: { 'content-type': FRAME },
        payload: Buffer.from(encodeTensors(big)),
      });
    const answers = await Promise.all([send(), send()]);
    const late = answers.find((a) => a.statusCode !== 200);
    // A refused run reaches its turn after its answer went out and is dropped unstarted (as late,
    // or as its caller gone). Whichever runs first blocks this thread far past 1 ms, so at most
    // one run ever starts, and at least one answer is the timeout's (on a slow machine the first
    // may pass its own 1 ms before its turn, and is refused too).
    await settled;
    expect(outcomes.filter((o) => o === 'started').length).toBeLessThanOrEqual(1);
    expect(outcomes.filter((o) => o !== 'started')).not.toHaveLength(0);
    await hasty.close();
    expect(late?.statusCode).toBe(503);
    expect(late!.json().refused).toMatch(/did not finish within 0 s; try a smaller tile/);
  });
});
