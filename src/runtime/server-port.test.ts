// The Server backend's port, against a real server (Fastify with the model-run route, real
// onnxruntime-node): an upscaler run comes back equal to the Node port's and is recorded with
// the server's file and sha256; a missing model, a server without the route and no server at
// all each fail with a message that says what to do. (Only upscalers are sent, so the local
// port is not reached here.)
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerModelRuns } from '../server/model-runs.ts';
import type { RunRecord } from './ort-web.ts';
import { createNodePort } from './ort-node.ts';
import type { OrtWebPort } from './ort-web.ts';
import { ServerPort } from './server-port.ts';

const servers: ReturnType<typeof Fastify>[] = [];
async function serve(modelsDir?: string, withRoute = true): Promise<string> {
  const app = Fastify();
  if (withRoute) registerModelRuns(app, modelsDir);
  servers.push(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}
afterAll(() => Promise.all(servers.map((s) => s.close())));

const unusedLocal = { hooks: {} } as unknown as OrtWebPort;
const tile = () => ({
  input: { type: 'float32' as const, dims: [1, 3, 8, 8], data: Float32Array.from({ length: 192 }, (_, i) => (i % 17) / 16) },
});

describe('server port', () => {
  let origin: string;
  beforeAll(async () => {
    origin = await serve();
  });

  it("runs an upscaler on the server: the Node port's numbers, recorded as a cpu run of the server's file", async () => {
    const port = new ServerPort(unusedLocal, origin);
    const runs: RunRecord[] = [];
    port.hooks = { onRun: (r) => runs.push(r) };
    const session = await port.session('realesr-animevideov3');
    expect(session.backend).toBe('cpu');
    const out = await session.run(tile());
    const local = await (await createNodePort().session('realesr-animevideov3')).run(tile());
    expect(out.output.dims).toEqual([1, 3, 32, 32]);
    expect(Array.from(out.output.data as Float32Array)).toEqual(Array.from(local.output.data as Float32Array));
    expect(runs).toEqual([
      {
        modelId: 'realesr-animevideov3',
        file: 'realesr-animevideov3.onnx',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        backend: 'cpu',
      },
    ]);
  });

  it('fails with what to do: a model the server lacks, a server without the route, no server', async () => {
    const run = async (at: string) => (await new ServerPort(unusedLocal, at).session('realesr-animevideov3')).run(tile());
    await expect(run(await serve('/nonexistent-models'))).rejects.toMatchObject({
      name: 'ModelUnavailableError',
      problem: 'missing',
      message: expect.stringMatching(/not installed.*npm run models/),
    });
    await expect(run(await serve(undefined, false))).rejects.toThrow(
      /does not run models \(HTTP 404\): start it with npm start, or choose Auto or WASM under Runtime/,
    );
    await expect(run('http://127.0.0.1:9')).rejects.toThrow(/could not be reached .*choose Auto or WASM under Runtime/);
  });
});
