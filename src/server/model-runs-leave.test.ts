// A model run whose caller hung up before its turn is never started: a real Fastify server on
// loopback, real onnxruntime-node on the real upscaler, and a client in another process (runs
// block this process's event loop, so a client in it could not hang up during one).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, expect, it } from 'vitest';
import { encodeTensors, TENSOR_FRAME_TYPE as FRAME } from '../runtime/tensor-frame.ts';
import { registerModelRuns, type ModelRunOutcome } from './model-runs.ts';

const dir = mkdtempSync(join(tmpdir(), 'cleanplate-leave-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const frame = (h: number, w: number) =>
  Buffer.from(encodeTensors({ input: { type: 'float32', dims: [1, 3, h, w], data: new Float32Array(3 * h * w).fill(0.5) } }));

// Sends the occupying run and, when told that it started (a line on stdin), a second one whose
// caller hangs up as soon as its body is sent; prints when it left and the first run's status.
const CLIENT = `
const http = require('node:http'), fs = require('node:fs');
const [port, first, second, type] = process.argv.slice(1);
const send = (file) => {
  const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/models/realesr-animevideov3/run', agent: false, headers: { 'content-type': type } });
  req.on('error', () => {});
  req.end(fs.readFileSync(file));
  return req;
};
const occupant = send(first);
occupant.on('response', (res) => { res.resume(); res.on('end', () => console.log('occupant ' + res.statusCode)); });
process.stdin.once('data', () => { const leaver = send(second); leaver.on('finish', () => { leaver.destroy(); console.log('left'); }); });
`;

it('does not start a waiting run whose caller hung up, and still answers the run before it', async () => {
  const outcomes: ModelRunOutcome[] = [];
  let settle!: () => void;
  const bothTurns = new Promise<void>((resolve) => (settle = resolve));
  const app = Fastify();
  let client: ChildProcessWithoutNullStreams | undefined;
  registerModelRuns(app, undefined, { maxPending: 4, timeoutMs: 600_000 }, (_id, outcome) => {
    outcomes.push(outcome);
    // Said before the run takes this thread: the second caller comes and goes while it runs.
    if (outcomes.length === 1) client?.stdin.end('started\n');
    if (outcomes.length === 2) settle();
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const { port } = app.server.address() as { port: number };
    writeFileSync(join(dir, 'occupant'), frame(256, 256));
    writeFileSync(join(dir, 'leaver'), frame(12, 16));
    client = spawn(process.execPath, ['-e', CLIENT, String(port), join(dir, 'occupant'), join(dir, 'leaver'), FRAME]);
    let out = '';
    client.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    await Promise.all([bothTurns, once(client, 'exit')]);
    // The second caller was gone before the first run answered, and the first run was answered.
    expect(out.trim().split('\n')).toEqual(['left', 'occupant 200']);
    expect(outcomes).toEqual(['started', 'caller-left']);
  } finally {
    await app.close();
  }
});
