// The browser runtime on the real models in real Chromium: backend choice, agreement with
// onnxruntime-node, model install errors. (Jobs, cancel and crashes: runtime-jobs.spec.ts.)
import { expect, test } from '@playwright/test';
import { DATASETS, maxAbsDiff, nodeRun, openDiagnostics, readRgba, rgbPlanes } from './fixtures/runtime.ts';

test('the diagnostics page shows isolation, WASM threads and the WebGPU adapter', async ({ page }) => {
  await openDiagnostics(page);
  await expect(page.locator('[data-field="isolated"]')).toHaveText('yes');
  await expect(page.locator('[data-field="threads"]')).toHaveText(/^\d+ \(of \d+ cores\)$/);
  const threads = Number((await page.locator('[data-field="threads"]').textContent())!.split(' ')[0]);
  expect(threads).toBe(await page.evaluate(() => navigator.hardwareConcurrency));
  await expect(page.locator('[data-field="adapter"]')).not.toHaveText('…');
  await expect(page.locator('#models tr[data-model="realesr-general-x4v3"] td').nth(3)).toHaveText('on the server');
  await expect(page.locator('#models tr[data-model="migan"] td').nth(3)).toHaveText('missing');
});

test('a WASM run of the upscaler matches onnxruntime-node on a real photo', async ({ page }) => {
  const img = await readRgba(`${DATASETS}/sr/chelsea/lr.png`, { width: 32, height: 32 });
  const planes = rgbPlanes(img);
  const ref = await nodeRun('realesr-general-x4v3-fp32.onnx', { data: { data: planes, dims: [1, 3, 32, 32] } });
  await openDiagnostics(page, { backend: 'wasm' });
  const got = await page.evaluate(async (input) => {
    const { client } = (window as any).cleanplateDiagnostics;
    const data = new Float32Array(input);
    const r = await client.runModel('realesr-general-x4v3', { data: { type: 'float32', data, dims: [1, 3, 32, 32] } });
    return { out: Array.from(r.value.output.data as Float32Array), backend: r.report.backend, detached: data.buffer.byteLength === 0 };
  }, Array.from(planes));
  expect(got.backend).toBe('wasm');
  expect(got.detached).toBe(true);
  expect(maxAbsDiff(got.out, ref.output)).toBeLessThan(1e-3);
});

/** Runs the upscaler raw on the page's worker; returns the output and how it ran. */
async function pageUpscaleRaw(page: import('@playwright/test').Page, planes: Float32Array, side: number) {
  return page.evaluate(async ({ input, side }) => {
    const { client } = (window as any).cleanplateDiagnostics;
    const r = await client.runModel('realesr-general-x4v3', { data: { type: 'float32', data: new Float32Array(input), dims: [1, 3, side, side] } });
    return { out: Array.from(r.value.output.data as Float32Array), report: r.report };
  }, { input: Array.from(planes), side });
}

test('the SwiftShader WebGPU adapter gives the same upscale as WASM', async ({ page }) => {
  const img = await readRgba(`${DATASETS}/sr/brick/lr.png`, { width: 32, height: 32 });
  const planes = rgbPlanes(img);
  await openDiagnostics(page, { backend: 'webgpu' });
  const gpu = await pageUpscaleRaw(page, planes, 32);
  expect(gpu.report.backend).toBe('webgpu');
  expect(gpu.report.fallback).toBeUndefined();
  await openDiagnostics(page, { backend: 'wasm' });
  const cpu = await pageUpscaleRaw(page, planes, 32);
  expect(cpu.report.backend).toBe('wasm');
  // fp32 on both (SwiftShader has no shader-f16); fp16 would allow ~4e-3.
  expect(maxAbsDiff(gpu.out, cpu.out)).toBeLessThan(5e-3);
});

for (const where of ['create', 'run'] as const) {
  test(`WebGPU failing at session ${where === 'create' ? 'creation' : 'run'} falls back to WASM and says so`, async ({ page }) => {
    const img = await readRgba(`${DATASETS}/sr/coffee/lr.png`, { width: 16, height: 16 });
    await openDiagnostics(page, { backend: 'auto', breakWebGpu: where });
    const r = await pageUpscaleRaw(page, rgbPlanes(img), 16);
    expect(r.report.backend).toBe('wasm');
    expect(r.report.fallback).toMatch(where === 'create' ? /WebGPU failed at session creation/ : /WebGPU failed during a run.*ran again on WASM/);
  });
}

test('a model missing on the server is reported with its file name and how to install it', async ({ page }) => {
  await openDiagnostics(page);
  const err = await page.evaluate(async () => {
    const { client } = (window as any).cleanplateDiagnostics;
    try {
      await client.installModel('migan');
      return null;
    } catch (e: any) {
      return { kind: e.kind, message: e.message };
    }
  });
  expect(err?.kind).toBe('model-missing');
  expect(err?.message).toContain('migan_pipeline_v2.onnx');
  expect(err?.message).toContain('npm run models -- --from');
});

test('a model file with the wrong sha256 is refused, named, and not cached', async ({ page }) => {
  await page.route('**/models/realesr-animevideov3.onnx', async (route) => {
    const res = await route.fetch();
    const body = await res.body();
    body[body.length >> 1] ^= 0xff; // one flipped byte
    await route.fulfill({ response: res, body });
  });
  await openDiagnostics(page);
  const err = await page.evaluate(async () => {
    const { client } = (window as any).cleanplateDiagnostics;
    try {
      await client.installModel('realesr-animevideov3');
      return null;
    } catch (e: any) {
      return { kind: e.kind, message: e.message, retry: typeof e.retry };
    }
  });
  expect(err?.kind).toBe('model-corrupt');
  expect(err?.message).toContain('realesr-animevideov3.onnx');
  expect(err?.message).toContain('npm run models -- --from');
  const states = await page.evaluate(async () => (await (window as any).cleanplateDiagnostics.client.models()) as { id: string; state: string }[]);
  expect(states.find((m) => m.id === 'realesr-animevideov3')?.state).toBe('on-server');
  // The real file, once served, installs and is kept in Cache Storage.
  await page.unroute('**/models/realesr-animevideov3.onnx');
  await page.evaluate(() => (window as any).cleanplateDiagnostics.client.installModel('realesr-animevideov3'));
  await page.reload();
  await expect(page.locator('#models tr[data-model="realesr-animevideov3"] td').nth(3)).toHaveText('installed here');
});
