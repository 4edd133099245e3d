// `node --import tsx scripts/review-screenshot.ts [out.png]`: screenshots the review queue for
// the README (docs/review-queue.png): a real job server with a reviewer token and three jobs in
// review (a redaction whose check found the face again, a caption removal and a flagged photo).
// Needs the test build (npx vite build --mode e2e --outDir dist-e2e) and ../shared/datasets.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { buildServer } from '../src/server/app.ts';
import { loadTokens } from '../src/server/http/auth.ts';
import { TEST_BUILD_DIR } from '../e2e/fixtures/test-build.ts';

const out = resolve(process.argv[2] ?? resolve(import.meta.dirname, '../docs/review-queue.png'));
const DEV = resolve(import.meta.dirname, '../../shared/datasets/dev');
const TOKEN = 'screenshot-reviewer-token-0123';
const dataDir = mkdtempSync(join(tmpdir(), 'cleanplate-review-shot-'));
const app = await buildServer({
  distDir: TEST_BUILD_DIR,
  jobs: { tokens: loadTokens({ CLEANPLATE_TOKENS: `ana:${TOKEN}:reviewer` }), config: { dataDir, concurrency: 1 } },
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
const auth = { authorization: `Bearer ${TOKEN}` };

async function submit(job_id: string, file: string, steps: unknown[], review = false) {
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(readFileSync(file))]), file.split('/').pop()!);
  form.append('manifest', JSON.stringify({ job_id, steps, ...(review ? { review: true } : {}) }));
  const res = await fetch(`${url}/submit`, { method: 'POST', body: form, headers: auth });
  if (res.status !== 202) throw new Error(`${job_id}: ${res.status} ${await res.text()}`);
}

/** Waits on the job's own event stream, which the server ends when the job does. */
async function ended(id: string): Promise<void> {
  await (await fetch(`${url}/jobs/${id}/events`, { headers: auth })).text();
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  await submit('redact-astronaut', `${DEV}/holes/astronaut/truth.png`, [
    { op: 'redact', targets: ['faces'], style: 'blur', boxes: [[182, 66, 200, 84]] },
  ]);
  await submit('caption-chelsea', `${DEV}/text/chelsea/texted.png`, [{ op: 'remove_text' }], true);
  await submit('flagged-coffee', `${DEV}/text/coffee/texted.png`, [{ op: 'remove_text' }], true);
  for (const id of ['redact-astronaut', 'caption-chelsea', 'flagged-coffee']) await ended(id);

  const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  await page.goto(`${url}/review`);
  await page.getByLabel('Reviewer token').fill(TOKEN);
  await page.getByLabel('Reviewer token').press('Enter');
  await page.getByRole('img', { name: 'redact-astronaut: result' }).waitFor();
  await page.locator('.review-strip img').nth(2).waitFor();
  // A palette PNG: a quarter of the size, no visible loss at this size.
  await sharp(await page.screenshot())
    .png({ palette: true, quality: 90, effort: 8 })
    .toFile(out);
  await page.keyboard.press('j');
  await page.keyboard.press('d');
  await page.getByTestId('review-diff').waitFor();
  await sharp(await page.screenshot())
    .png({ palette: true, quality: 90, effort: 8 })
    .toFile(out.replace(/\.png$/, '-changes.png'));
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
