// Text removal is pure JavaScript once the boxes are known (text mask, watermark unblending,
// fill): in the editor's worker it must give the same bytes as in Node, where the command
// line and the server run it. The dev motorcycle's yellow watermark is unblended with the
// blend its colour lines give; its other two captions are filled.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { tsImport } from 'tsx/esm/api';
import { DATASETS, openDiagnostics, readRgba, toRgba } from './fixtures/runtime.ts';

test('remove text on reviewed boxes gives the same bytes in a Chromium worker and in Node', async ({ page }) => {
  const dir = `${DATASETS}/text/motorcycle`;
  const img = await readRgba(`${dir}/texted.png`);
  const boxes = (JSON.parse(readFileSync(`${dir}/boxes.json`, 'utf8')) as { boxes: { box: number[] }[] }).boxes.map((b) => b.box);
  const { removeTextWith } = (await tsImport(
    '../src/ops/remove-text/remove-text.ts',
    import.meta.url,
  )) as typeof import('../src/ops/remove-text/remove-text.ts');
  const noDetector = async () => {
    throw new Error('reviewed boxes: nothing to detect');
  };
  const ref = await removeTextWith(noDetector, toRgba(img), { boxes: boxes as [number, number, number, number][], skipRecheck: true });
  await openDiagnostics(page, { backend: 'wasm' });
  const got = await page.evaluate(
    async ({ img, boxes }) => {
      const { client } = (window as any).cleanplateDiagnostics;
      const r = await client.run(
        'remove_text',
        { width: img.width, height: img.height, data: new Uint8ClampedArray(img.data) },
        { boxes, skipRecheck: true },
      );
      return { data: Array.from(r.value.image.data as Uint8ClampedArray), engines: r.value.runs.map((x: { engine: string }) => x.engine) };
    },
    { img, boxes },
  );
  expect(got.engines).toEqual(ref.runs.map((r) => r.engine));
  expect(Buffer.from(got.data).equals(Buffer.from(img.data))).toBe(false);
  expect(Buffer.from(got.data).equals(Buffer.from(ref.image.data))).toBe(true);
});
