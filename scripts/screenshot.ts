// `node --import tsx scripts/screenshot.ts [out.png]`: screenshots the real editor for the
// README (docs/screenshot.png): the 24 MP photo open, a mask brushed over the shelf clutter.
// Needs a build (npm run build) and ../shared/datasets.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { buildServer } from '../src/server/app.ts';
import { TEST_BUILD_DIR } from '../e2e/fixtures/test-build.ts';

const out = resolve(process.argv[2] ?? resolve(import.meta.dirname, '../docs/screenshot.png'));
const photo = resolve(import.meta.dirname, '../../shared/datasets/dev/large/motorcycle-24mp.jpg');

const app = await buildServer({ distDir: TEST_BUILD_DIR }); // the test build: it reads the editor's state
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  await page.goto(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open image' }).click();
  await (await chooser).setFiles(photo);
  await page.waitForFunction('window.__cleanplate.store.getState().doc !== null');
  // Brush in image coordinates: the bottles and cans on the shelf, then the bin on the right.
  const toPage = (x: number, y: number) =>
    page.evaluate(
      ([ix, iy]) => {
        const s = window.__cleanplate!.store.getState();
        const r = document.querySelector('[data-testid="stage"]')!.getBoundingClientRect();
        return [r.left + s.x + ix * s.scale, r.top + s.y + iy * s.scale] as [number, number];
      },
      [x, y],
    );
  const stroke = async (points: Array<[number, number]>) => {
    const [first, ...rest] = await Promise.all(points.map(([x, y]) => toPage(x, y)));
    await page.mouse.move(...first);
    await page.mouse.down();
    for (const p of rest) await page.mouse.move(...p, { steps: 12 });
    await page.mouse.up();
  };
  await page.getByRole('slider', { name: 'Brush size' }).fill(String(Math.round(Math.sqrt(220) * 100)));
  await stroke([
    [3120, 560],
    [3500, 520],
    [3900, 600],
    [4300, 560],
    [4700, 600],
  ]);
  await stroke([
    [3150, 760],
    [3600, 740],
    [4100, 760],
  ]);
  await page.getByRole('button', { name: 'Rectangle' }).click();
  await stroke([
    [4500, 1380],
    [5200, 1950],
  ]);
  await page.getByRole('button', { name: 'Brush' }).click();
  const [cx, cy] = await toPage(2500, 1500);
  await page.evaluate('document.activeElement?.blur()');
  await page.mouse.move(cx, cy);
  await page.waitForTimeout(300);
  // A palette PNG keeps the README light (about a third of the size, visually the same).
  writeFileSync(
    out,
    await sharp(await page.screenshot())
      .png({ palette: true, quality: 90, effort: 10 })
      .toBuffer(),
  );
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await app.close();
}
