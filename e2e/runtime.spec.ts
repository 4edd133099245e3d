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
