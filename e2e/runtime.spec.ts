// The browser runtime on the real models in real Chromium: backend choice, agreement with
// onnxruntime-node, model install errors. (Jobs, cancel and crashes: runtime-jobs.spec.ts.)
import { expect, test, type Page } from '@playwright/test';
import { DATASETS, maxAbsDiff, nodeOps, openDiagnostics, pngFile, readRgba, toRgba, type PlainImage } from './fixtures/runtime.ts';

test('the diagnostics page shows isolation, WASM threads and the WebGPU adapter; the runtime loads only from our origin', async ({
  page,
  baseURL,
}) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await openDiagnostics(page);
  await expect(page.locator('[data-field="isolated"]')).toHaveText('yes');
  await expect(page.locator('[data-field="threads"]')).toHaveText(/^\d+ \(of \d+ cores\)$/);
  const threads = Number((await page.locator('[data-field="threads"]').textContent())!.split(' ')[0]);
  expect(threads).toBe(await page.evaluate(() => navigator.hardwareConcurrency));
  await expect(page.locator('[data-field="adapter"]')).not.toHaveText('…');
  await expect(page.locator('#models tr[data-model="realesr-general-x4v3"] td').nth(3)).toHaveText('on the server');
  await expect(page.locator('#models tr[data-model="migan"] td').nth(3)).toHaveText('missing');
  await page.evaluate(() =>
    (window as any).cleanplateDiagnostics.client.run(
      'upscale',
      { width: 8, height: 8, data: new Uint8ClampedArray(256).fill(99) },
      { scale: 4 },
    ),
  );
  const origin = new URL(baseURL!).origin;
  expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
  // Without a hardware WebGPU adapter the first session is on WASM: the WASM-only build, not the 28 MB one with WebGPU.
  expect(requests.some((u) => u.startsWith(`${origin}/ort/ort-wasm-simd-threaded.wasm`))).toBe(true);
  expect(requests.some((u) => u.startsWith(`${origin}/ort/ort-wasm-simd-threaded.jsep.wasm`))).toBe(false);
});

/** The page's worker upscales the image x4: the result's pixels and width, and the job's report. */
function upscaleOnPage(page: Page, img: PlainImage) {
  return page.evaluate(async (img) => {
    const { client } = (window as any).cleanplateDiagnostics;
    const r = await client.run('upscale', { width: img.width, height: img.height, data: new Uint8ClampedArray(img.data) }, { scale: 4 });
    return { data: Array.from(r.value.image.data as Uint8ClampedArray), width: r.value.image.width as number, report: r.report };
  }, img);
}

test('upscaling in the browser (WASM) matches the same op on onnxruntime-node', async ({ page }) => {
  const img = await readRgba(`${DATASETS}/sr/chelsea/lr.png`);
  const { upscale, createNodePort } = await nodeOps();
  const ref = await upscale(toRgba(img), { scale: 4 }, { port: createNodePort() });
  await openDiagnostics(page, { backend: 'wasm' });
  const got = await upscaleOnPage(page, img);
  expect(got.report.backend).toBe('wasm');
  expect(got.report.models).toEqual([
    { id: 'realesr-general-x4v3', file: 'realesr-general-x4v3-fp32.onnx', sha256: expect.stringMatching(/^e9bfff58/) },
  ]);
  expect(got.width).toBe(256);
  expect(maxAbsDiff(got.data, ref.image.data)).toBeLessThanOrEqual(1);
});

test('the Server backend runs the same op in the worker with the network on the server: bytes equal to onnxruntime-node', async ({
  page,
}) => {
  const img = await readRgba(`${DATASETS}/sr/chelsea/lr.png`, { width: 48, height: 40 });
  const { upscale, createNodePort } = await nodeOps();
  const ref = await upscale(toRgba(img), { scale: 4 }, { port: createNodePort() });
  await openDiagnostics(page, { backend: 'server' });
  const runs: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/models/')) runs.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  const got = await upscaleOnPage(page, img);
  expect(got.report.backend).toBe('cpu');
  expect(got.report.models).toEqual([
    { id: 'realesr-general-x4v3', file: 'realesr-general-x4v3-fp32.onnx', sha256: expect.stringMatching(/^e9bfff58/) },
  ]);
  expect(got.width).toBe(192);
  expect(maxAbsDiff(got.data, ref.image.data)).toBe(0);
  expect(runs.length).toBeGreaterThan(0);
  expect(new Set(runs)).toEqual(new Set(['POST /api/models/realesr-general-x4v3/run']));
});

test('text detection in the browser (WASM) matches the same op on onnxruntime-node', async ({ page }) => {
  const img = await readRgba(`${DATASETS}/text/chelsea/texted.png`);
  const { detectText, createNodePort } = await nodeOps();
  const ref = (await detectText(toRgba(img), {}, { port: createNodePort() })).boxes;
  await openDiagnostics(page, { backend: 'wasm' });
  const got = await page.evaluate(async (img) => {
    const { client } = (window as any).cleanplateDiagnostics;
    const r = await client.run('detect_text', { width: img.width, height: img.height, data: new Uint8ClampedArray(img.data) }, {});
    return { boxes: r.value.boxes as { box: number[]; score: number }[], backend: r.report.backend };
  }, img);
  expect(got.backend).toBe('wasm');
  expect(ref.length).toBeGreaterThan(0);
  expect(got.boxes.length).toBe(ref.length);
  got.boxes.forEach((b, i) => {
    expect(maxAbsDiff(b.box, ref[i].box)).toBeLessThanOrEqual(1);
    expect(Math.abs(b.score - ref[i].score)).toBeLessThan(0.01);
  });
});

/** Upscales x4 on the page's worker; returns the RGBA output and how it ran. */
async function pageUpscale(page: Page, img: PlainImage) {
  return page.evaluate(async (img) => {
    const { client } = (window as any).cleanplateDiagnostics;
    const r = await client.run('upscale', { width: img.width, height: img.height, data: new Uint8ClampedArray(img.data) }, { scale: 4 });
    return { data: Array.from(r.value.image.data as Uint8ClampedArray), report: r.report };
  }, img);
}

test('the SwiftShader WebGPU adapter gives the same upscale as WASM', async ({ page }) => {
  const img = await readRgba(`${DATASETS}/sr/brick/lr.png`, { width: 32, height: 32 });
  await openDiagnostics(page, { backend: 'webgpu' });
  const gpu = await pageUpscale(page, img);
  expect(gpu.report.backend).toBe('webgpu');
  expect(gpu.report.fallback).toBeUndefined();
  await openDiagnostics(page, { backend: 'wasm' });
  const cpu = await pageUpscale(page, img);
  expect(cpu.report.backend).toBe('wasm');
  // fp32 on both here (SwiftShader has no shader-f16): at most one level apart after rounding.
  expect(maxAbsDiff(gpu.data, cpu.data)).toBeLessThanOrEqual(1);
});

test('Auto does not pick a software WebGPU adapter (SwiftShader) and says why', async ({ page }) => {
  await openDiagnostics(page, { backend: 'auto' });
  await expect(page.locator('[data-field="adapter"]')).toHaveText(/swiftshader \(software: Auto uses WASM\)/);
  await page.locator('#image').setInputFiles(await pngFile(`${DATASETS}/sr/coffee/lr.png`, { width: 16, height: 16 }));
  await page.getByRole('button', { name: 'Upscale ×4' }).click();
  await expect(page.getByRole('status')).toHaveText(/done in \d+ ms on WASM/, { timeout: 60_000 });
  await expect(page.locator('[data-field="backend"]')).toHaveText(/^WASM .*software renderer, slower than WASM/);
});

for (const where of ['create', 'run'] as const) {
  test(`WebGPU failing at session ${where === 'create' ? 'creation' : 'run'} falls back to WASM and says so`, async ({ page }) => {
    await openDiagnostics(page, { backend: 'auto', breakWebGpu: where, allowSoftwareWebGpu: 1 });
    await page.locator('#image').setInputFiles(await pngFile(`${DATASETS}/sr/coffee/lr.png`, { width: 16, height: 16 }));
    await page.getByRole('button', { name: 'Upscale ×4' }).click();
    await expect(page.getByRole('status')).toHaveText(/done in \d+ ms on WASM/, { timeout: 60_000 });
    await expect(page.locator('[data-field="backend"]')).toHaveText(
      where === 'create' ? /^WASM .*WebGPU failed at session creation/ : /^WASM .*WebGPU failed during a run.*the job ran again on WASM/,
    );
  });
}

test('a model missing on the server is reported with its file name and how to install it', async ({ page }) => {
  await openDiagnostics(page);
  const err = await page.evaluate(() =>
    (window as any).cleanplateDiagnostics.client.installModel('migan').then(
      () => null,
      (e: any) => ({ kind: e.kind, message: e.message }),
    ),
  );
  expect(err?.kind).toBe('model-missing');
  expect(err?.message).toContain('migan_pipeline_v2.onnx');
  expect(err?.message).toContain('npm run models -- --from');
});

test('a model file with the wrong sha256 is refused with its name; Retry works once the real file is served', async ({ page }) => {
  await page.route('**/models/realesr-animevideov3.onnx', async (route) => {
    const res = await route.fetch();
    const body = await res.body();
    body[body.length >> 1] ^= 0xff; // one flipped byte
    await route.fulfill({ response: res, body });
  });
  await openDiagnostics(page, { backend: 'wasm' });
  await page.locator('#image').setInputFiles(await pngFile(`${DATASETS}/sr/astronaut/lr.png`, { width: 16, height: 16 }));
  await page.locator('#upscale-model').selectOption('realesr-animevideov3');
  await page.getByRole('button', { name: 'Upscale ×4' }).click();
  await expect(page.getByRole('alert')).toHaveText(/realesr-animevideov3\.onnx.*sha256.*npm run models -- --from/);
  const state = await page.evaluate(
    async () =>
      ((await (window as any).cleanplateDiagnostics.client.models()) as { id: string; state: string }[]).find(
        (m) => m.id === 'realesr-animevideov3',
      )?.state,
  );
  expect(state).toBe('on-server'); // refused, so not cached

  await page.unroute('**/models/realesr-animevideov3.onnx');
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('status')).toHaveText(/done in \d+ ms on WASM/, { timeout: 60_000 });
  await page.reload();
  await expect(page.locator('#models tr[data-model="realesr-animevideov3"] td').nth(3)).toHaveText('installed here');
});
