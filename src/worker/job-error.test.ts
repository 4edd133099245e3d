// A worker-side failure reaches the page as a JobError the UI can act on: the error crosses a
// real comlink channel (error-transport.ts keeps its data) and is mapped by toJobError.
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelUnavailableError, runtimeLoadError } from '../runtime/errors.ts';
import { installErrorTransport } from './error-transport.ts';
import { poisonedWorker, toJobError } from './job-error.ts';

const channels: MessageChannel[] = [];
afterEach(() => channels.splice(0).forEach((c) => (c.port1.close(), c.port2.close())));

/** Throws `error` on the far side of a MessageChannel and returns what the caller catches. */
async function thrownAcross(error: unknown): Promise<unknown> {
  const channel = new MessageChannel();
  channels.push(channel);
  installErrorTransport();
  Comlink.expose(
    {
      fail: () => {
        throw error;
      },
    },
    channel.port1 as unknown as Comlink.Endpoint,
  );
  const remote = Comlink.wrap<{ fail(): void }>(channel.port2 as unknown as Comlink.Endpoint);
  return remote.fail().then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('job errors across the worker boundary', () => {
  it('tells a missing model from a damaged one, with the file and the install command', async () => {
    const missing = toJobError(await thrownAcross(new ModelUnavailableError('migan', 'models/migan_pipeline_v2.onnx', 'missing')));
    expect(missing.kind).toBe('model-missing');
    expect(missing.message).toMatch(/models\/migan_pipeline_v2\.onnx.*npm run models -- --from/);
    const damaged = toJobError(
      await thrownAcross(new ModelUnavailableError('lama', 'models/lama_fp32.onnx', 'wrong-sha256', 'has sha256 00')),
    );
    expect(damaged.kind).toBe('model-corrupt');
    expect(damaged.message).toContain('models/lama_fp32.onnx');
  });

  it('says offline, not "not installed", when the server could not be asked', async () => {
    const away = toJobError(await thrownAcross(new ModelUnavailableError('ppocr-v3-det-ch', 'models/ch.onnx', 'unreachable')));
    expect(away.kind).toBe('offline');
    expect(away.message).toMatch(/not saved in this browser yet and the server cannot be reached.*Make available offline/);
    expect(away.message).not.toMatch(/not installed/);
    // onnxruntime-web's own words when its .mjs could not be imported.
    const ort = runtimeLoadError(
      new Error('no available backend found. ERR: [wasm] TypeError: Failed to fetch dynamically imported module: http://x/ort/a.mjs'),
    );
    const runtime = toJobError(await thrownAcross(ort));
    expect(runtime.kind).toBe('offline');
    expect(runtime.message).toMatch(/^ONNX Runtime's files could not be loaded .*Reconnect and reload the page once/);
    const other = new Error('Unexpected input data type');
    expect(runtimeLoadError(other)).toBe(other);
  });

  it('maps cancellation, out-of-memory and other failures, offering retry only where it can run', async () => {
    const retry = async () => 'again';
    const cancelled = toJobError(await thrownAcross(new DOMException('stop', 'AbortError')), retry);
    expect(cancelled.kind).toBe('cancelled');
    expect(cancelled.retry).toBeUndefined();
    const oom = toJobError(await thrownAcross(new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded')), retry);
    expect(oom.kind).toBe('crashed');
    expect(await oom.retry!()).toBe('again');
    // onnxruntime-web's own allocator failing mid-run (seen with a 3000 px tile, see runtime-jobs.spec.ts).
    const ortOom = toJobError(
      await thrownAcross(new Error('failed to call OrtRun(). ERROR_CODE: 6, ERROR_MESSAGE: std::bad_alloc')),
      retry,
    );
    expect(ortOom).toMatchObject({
      kind: 'crashed',
      message: expect.stringMatching(/^The inference worker ran out of memory.*document is unchanged/),
    });
    expect(poisonedWorker(new Error('ERROR_MESSAGE: std::bad_alloc'))).toBe('it ran out of memory');
    expect(poisonedWorker(new Error('RuntimeError: Aborted(). Build with -sASSERTIONS'))).toMatch(/^its runtime failed/);
    expect(poisonedWorker(new Error('Upscale scale must be 2, 3 or 4, not 5.'))).toBeUndefined();
    const refused = toJobError(await thrownAcross(new RangeError('Upscale scale must be 2, 3 or 4, not 5.')), retry);
    expect(refused).toMatchObject({ kind: 'failed', message: 'Upscale scale must be 2, 3 or 4, not 5.' });
  });
});
