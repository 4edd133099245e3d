// Inpainting and text removal through the real pipeline worker (comlink client) in Chromium:
// the worker gives the same bytes as Node for the same seed, and cancelling stops a fill.
import { expect, test } from '@playwright/test';
import { tsImport } from 'tsx/esm/api';
import { DATASETS, openDiagnostics, readRgba, toRgba } from './fixtures/runtime.ts';

async function nodeInpaint() {
  return (await tsImport('../src/ops/inpaint/index.ts', import.meta.url)) as typeof import('../src/ops/inpaint/index.ts');
}

test('the worker fills a dev hole byte-identically to Node and records the engine', async ({ page }) => {
  const img = await readRgba(`${DATASETS}/holes/brick/image.png`);
  const maskImg = await readRgba(`${DATASETS}/holes/brick/mask.png`);
  const mask = { width: maskImg.width, height: maskImg.height, data: maskImg.data.filter((_, i) => i % 4 === 0) };
  const { inpaint } = await nodeInpaint();
  const ref = await inpaint(toRgba(img), { ...mask, data: new Uint8Array(mask.data) }, { seed: 3 });
  await openDiagnostics(page, { backend: 'wasm' });
  const got = await page.evaluate(
    async ({ img, mask }) => {
      const { client } = (window as any).cleanplateDiagnostics;
      const r = await client.run(
        'inpaint',
        { width: img.width, height: img.height, data: new Uint8ClampedArray(img.data) },
        { mask: { width: mask.width, height: mask.height, data: new Uint8Array(mask.data) }, seed: 3 },
      );
      return { data: Array.from(r.value.image.data as Uint8ClampedArray), engines: r.value.runs.map((x: { engine: string }) => x.engine) };
    },
    { img, mask },
  );
  expect(got.engines).toEqual(ref.runs.map((r) => r.engine));
  expect(Buffer.from(got.data).equals(Buffer.from(ref.image.data))).toBe(true);
  expect(Buffer.from(got.data).equals(Buffer.from(img.data))).toBe(false);
});

test('cancelling a fill in the worker reports it cancelled, and the worker takes the next job', async ({ page }) => {
  await openDiagnostics(page, { backend: 'wasm' });
  const outcome = await page.evaluate(async () => {
    const { client } = (window as any).cleanplateDiagnostics;
    const w = 768,
      h = 768;
    const data = new Uint8ClampedArray(w * h * 4);
    for (let i = 0; i < w * h; i++) data.set([(i * 7) & 255, (i * 13) & 255, (i >> 3) & 255, 255], i * 4);
    const mask = new Uint8Array(w * h);
    for (let y = 200; y < 560; y++) mask.fill(255, y * w + 200, y * w + 560);
    const controller = new AbortController();
    const job = client.run(
      'inpaint',
      { width: w, height: h, data },
      { mask: { width: w, height: h, data: mask } },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 150);
    let cancelled = 'finished';
    try {
      await job;
    } catch (e) {
      cancelled = `${(e as Error).name}:${(e as { kind?: string }).kind}`;
    }
    const small = new Uint8Array(64 * 64);
    small.fill(255, 30 * 64 + 30, 30 * 64 + 34);
    const next = await client.run(
      'inpaint',
      { width: 64, height: 64, data: new Uint8ClampedArray(64 * 64 * 4).fill(200) },
      { mask: { width: 64, height: 64, data: small } },
    );
    return { cancelled, next: next.value.runs.length };
  });
  expect(outcome).toEqual({ cancelled: 'JobError:cancelled', next: 1 });
});

test('remove text in the worker: boxes found, pixels changed only near them, leftover reported', async ({ page }) => {
  const img = await readRgba(`${DATASETS}/text/chelsea/texted.png`);
  await openDiagnostics(page, { backend: 'wasm' });
  const got = await page.evaluate(async (img) => {
    const { client } = (window as any).cleanplateDiagnostics;
    const r = await client.run('remove_text', { width: img.width, height: img.height, data: new Uint8ClampedArray(img.data) }, {});
    return {
      boxes: r.value.boxes.map((b: { box: number[] }) => b.box),
      leftover: r.value.leftover.length,
      data: Array.from(r.value.image.data as Uint8ClampedArray),
    };
  }, img);
  expect(got.boxes.length).toBeGreaterThanOrEqual(2);
  expect(got.leftover).toBeGreaterThanOrEqual(0);
  const near = (x: number, y: number) =>
    got.boxes.some(([x0, y0, x1, y1]: number[]) => x >= x0 - 12 && x < x1 + 12 && y >= y0 - 12 && y < y1 + 12);
  let changedNear = 0;
  for (let i = 0; i < img.width * img.height; i++) {
    const same = [0, 1, 2, 3].every((c) => got.data[i * 4 + c] === img.data[i * 4 + c]);
    if (same) continue;
    expect(near(i % img.width, Math.floor(i / img.width))).toBe(true);
    changedNear++;
  }
  expect(changedNear).toBeGreaterThan(500);
});
