// Jobs in the pipeline worker, seen from the page: a crashed worker is replaced and the job
// offers a retry; the main thread never blocks while a job runs; inputs are transferred.
import { expect, test } from '@playwright/test';
import { openDiagnostics } from './fixtures/runtime.ts';

test('a worker that dies mid-job is restarted, the job fails with a retry that works', async ({ page }) => {
  await openDiagnostics(page, { backend: 'wasm' });
  const r = await page.evaluate(async () => {
    const { client } = (window as any).cleanplateDiagnostics;
    const events: string[] = [];
    client.onEvent((e: { type: string; reason: string }) => events.push(`${e.type}: ${e.reason}`));
    const feeds = () => ({ data: { type: 'float32', data: new Float32Array(3 * 16 * 16).fill(0.5), dims: [1, 3, 16, 16] } });
    await client.crashWorkerForTest();
    let failure: any;
    try {
      await client.runModel('realesr-general-x4v3', feeds);
    } catch (e) {
      failure = e;
    }
    const retried = await failure.retry();
    return {
      kind: failure.kind,
      message: failure.message,
      events,
      retriedDims: retried.value.output.dims,
      retriedBackend: retried.report.backend,
    };
  });
  expect(r.kind).toBe('crashed');
  expect(r.message).toMatch(/restarted.*document is unchanged/);
  expect(r.events).toEqual(['restarted: the worker stopped']);
  expect(r.retriedDims).toEqual([1, 3, 64, 64]);
  expect(r.retriedBackend).toBe('wasm');
});

test('while a job runs the main thread has no long task over 50 ms, and the input buffer is transferred', async ({ page }) => {
  await openDiagnostics(page, { backend: 'wasm' });
  const r = await page.evaluate(async () => {
    const { client } = (window as any).cleanplateDiagnostics;
    await client.environment(); // worker up before we start watching
    const long: number[] = [];
    const observer = new PerformanceObserver((list) => long.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: 'longtask' });
    const data = new Float32Array(3 * 96 * 96).fill(0.25);
    let detachedWhileRunning: boolean | undefined;
    const onProgress = () => (detachedWhileRunning ??= data.buffer.byteLength === 0);
    const job = client.runModel('realesr-general-x4v3', { data: { type: 'float32', data, dims: [1, 3, 96, 96] } }, { onProgress });
    // Keep the main thread ticking: a blocked thread would show up as long tasks here.
    let frames = 0;
    const tick = () => { frames++; if (!done) requestAnimationFrame(tick); };
    let done = false;
    requestAnimationFrame(tick);
    const result = await job;
    done = true;
    await new Promise((r) => setTimeout(r, 100)); // let the observer deliver
    observer.disconnect();
    return { long, detachedWhileRunning, frames, ms: result.report.ms, dims: result.value.output.dims };
  });
  expect(r.dims).toEqual([1, 3, 384, 384]);
  expect(r.detachedWhileRunning).toBe(true);
  expect(r.frames).toBeGreaterThan(5);
  expect(r.long.filter((d) => d > 50)).toEqual([]);
});
