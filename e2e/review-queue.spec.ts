// The review queue in real Chromium against a real job server (real worker processes, real
// models, a reviewer token): a flagged job appears, is opened in the editor, fixed with a brush
// stroke, sent back and completes, and its manifest tells the whole story; a redaction whose
// check found a face again shows that box in red and is rejected with a picked reason. On a
// phone the queue's parts stack: thumbnails along the top, the photo, then the decisions.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { DEV, EditorPage } from './fixtures/editor-page.ts';

const TOKEN = 'ana-reviewer-token-0123456789';
let server: ChildProcess;
let url: string;
let dataDir: string;

const api = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(`${url}${path}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${TOKEN}` } });
  return { status: res.status, body: await res.json() };
};

async function submit(jobId: string, image: Buffer, steps: unknown[], review = false) {
  const form = new FormData();
  form.append('image', new Blob([new Uint8Array(image)]), 'photo.png');
  form.append('manifest', JSON.stringify({ job_id: jobId, steps, ...(review ? { review: true } : {}) }));
  const sent = await api('/submit', { method: 'POST', body: form });
  expect(sent.status, JSON.stringify(sent.body)).toBe(202);
}

const stateOf = async (jobId: string) => (await api(`/jobs/${jobId}`)).body.state;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cleanplate-review-e2e-'));
  server = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'serve-review.ts')], {
    env: { ...process.env, PORT: '0', CLEANPLATE_DATA_DIR: dataDir, CLEANPLATE_TOKENS: `ana:${TOKEN}:reviewer` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Waits for the server's own "listening <url>" line.
  for await (const line of createInterface({ input: server.stdout! })) {
    const m = /^listening (\S+)/.exec(line);
    if (m) {
      url = m[1];
      break;
    }
  }
  if (!url) throw new Error('the review test server stopped before listening');

  // The oldest: a photo its uploader flagged for review, with one stroke filled.
  const photo = await sharp(join(DEV, 'holes/astronaut/truth.png')).resize(320, 320).png().toBuffer();
  await submit(
    'flagged-photo',
    photo,
    [{ op: 'inpaint', engine: 'patchmatch', strokes: [{ points: [40, 260, 120, 260], width: 10 }] }],
    true,
  );
  await expect.poll(() => stateOf('flagged-photo'), { timeout: 60_000 }).toBe('needs_review');
  // Then a redaction whose reviewed box missed most of the face: the check finds it again.
  const full = readFileSync(join(DEV, 'holes/astronaut/truth.png'));
  await submit('redaction-missed', full, [{ op: 'redact', targets: ['faces'], style: 'blur', boxes: [[182, 66, 200, 84]] }]);
  await expect.poll(() => stateOf('redaction-missed'), { timeout: 60_000 }).toBe('needs_review');
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
  rmSync(dataDir, { recursive: true, force: true });
});

test('on a phone the queue, the photo and the decisions share the width', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${url}/review`);
  await page.getByLabel('Reviewer token').fill(TOKEN);
  await page.getByLabel('Reviewer token').press('Enter');
  await expect(page.getByTestId('review-count')).toHaveText('2 waiting');
  // The thumbnails make a row along the top; the photo keeps the window's width.
  const [first, second] = [
    await page.locator('.review-strip li').nth(0).boundingBox(),
    await page.locator('.review-strip li').nth(1).boundingBox(),
  ];
  expect(second!.y).toBe(first!.y);
  const photo = (await page.getByRole('img', { name: 'flagged-photo: result' }).boundingBox())!;
  expect(photo.width).toBeGreaterThan(300);
  expect(photo.x + photo.width).toBeLessThanOrEqual(390);
  // The decisions lie under it, whole.
  const approve = page.getByRole('button', { name: /Approve/ });
  await approve.scrollIntoViewIfNeeded();
  const a = (await approve.boundingBox())!;
  expect(a.x).toBeGreaterThanOrEqual(0);
  expect(a.x + a.width).toBeLessThanOrEqual(390);
  expect(a.y).toBeGreaterThan(photo.y);
});

test('a flagged job is opened, fixed with a brush stroke, sent back and completes; another is rejected', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}/review`);

  // Reviewers only: a token that is not one is refused with the server's reason.
  await page.getByLabel('Reviewer token').fill('not-a-token-of-this-server');
  await page.getByLabel('Reviewer token').press('Enter');
  await expect(page.getByRole('alert')).toHaveText('this token is not accepted here');
  await page.getByLabel('Reviewer token').fill(TOKEN);
  await page.getByLabel('Reviewer token').press('Enter');

  // Oldest first, pictures first: the flagged photo fills the stage, its reason beside it.
  const main = page.locator('main.review-main');
  await expect(page.getByTestId('review-count')).toHaveText('2 waiting');
  await expect(main).toHaveAttribute('data-job-id', 'flagged-photo');
  await expect(page.getByRole('img', { name: 'flagged-photo: result' })).toBeVisible();
  await expect(page.locator('.review-why')).toHaveText('submitted for review ("review": true)');
  await expect(page.locator('.review-strip img')).toHaveCount(2);

  // J / K move through the queue; the redaction's leftover face is drawn in red.
  await page.keyboard.press('j');
  await expect(main).toHaveAttribute('data-job-id', 'redaction-missed');
  await expect(page.getByTestId('review-leftover').locator('rect')).toHaveCount(1);
  await expect(page.locator('.review-why')).toHaveText(/step 0 \(redact\): a face or text may remain in \[/);
  await page.keyboard.press('k');
  await expect(main).toHaveAttribute('data-job-id', 'flagged-photo');

  // D: the heatmap of the changed pixels; \ held: the photo before.
  await page.keyboard.press('d');
  await expect(page.getByTestId('review-diff')).toBeVisible();
  await expect(page.locator('.review-share')).toHaveText(/^\d+(\.\d+)? % of pixels changed$/);
  await page.keyboard.press('d');
  await expect(page.getByTestId('review-diff')).toHaveCount(0);
  await page.keyboard.down('\\');
  await expect(page.getByTestId('review-frame')).toHaveAttribute('data-showing', 'before');
  await expect(page.getByRole('img', { name: 'flagged-photo: source' })).toBeVisible();
  await page.keyboard.up('\\');
  await expect(page.getByTestId('review-frame')).toHaveAttribute('data-showing', 'after');

  // E: the editor opens with the job's source, its step replayed.
  await page.keyboard.press('e');
  await expect(page).toHaveURL(`${url}/?review-job=flagged-photo`);
  const ed = new EditorPage(page);
  await expect(page.getByRole('region', { name: 'Reviewing a job' })).toBeVisible();
  await ed.waitForDocument('photo.png');
  await expect.poll(async () => (await ed.facts()).undo, { timeout: 60_000 }).toBe(1);
  await expect(page.getByRole('region', { name: 'Reviewing a job' })).toContainText('Reviewing flagged-photo');
  // The job's strip lies above the photo's stage, never over the photo being judged.
  const bar = (await page.getByRole('region', { name: 'Reviewing a job' }).boundingBox())!;
  expect(bar.y + bar.height).toBeLessThanOrEqual((await ed.stageBox()).y);

  // Fixed with a brush stroke and Remove, then sent back with a note.
  await ed.setBrushSize(12);
  await ed.drag([await ed.toPage(200, 40), await ed.toPage(280, 40)]);
  await ed.remove(3);
  await page.getByLabel('Note for the record').fill('also the top right');
  await page.getByRole('button', { name: 'Send back' }).click();

  // Back in the queue: the job left it for its next attempt, which completes.
  await expect(page).toHaveURL(`${url}/review`);
  await expect(page.getByTestId('review-count')).toHaveText('1 waiting');
  await expect(main).toHaveAttribute('data-job-id', 'redaction-missed');
  await expect.poll(() => stateOf('flagged-photo'), { timeout: 60_000 }).toBe('done');

  // The manifest shows the whole story: the uploader's step, the reviewer's, the decision.
  const executed = (await api('/jobs/flagged-photo/manifest')).body;
  expect(executed.steps.map((s: { op: string }) => s.op)).toEqual(['inpaint', 'inpaint']);
  expect(executed.steps[1].strokes[0].points[1]).toBeCloseTo(40, 0);
  expect(executed.result.runs).toHaveLength(2);
  expect(executed.reviews).toMatchObject([
    { decision: 'sent_back', reviewer: 'ana', reason: 'also the top right', attempt: 1, steps_before: 1, steps_after: 2 },
  ]);
  expect(executed.reviews[0].result_sha256).not.toBe(executed.result.sha256);
  const job = (await api('/jobs/flagged-photo')).body;
  expect(job.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['done', 'done']);

  // R and a picked reason reject the redaction; the queue is empty.
  await page.keyboard.press('r');
  await expect(page.getByRole('dialog', { name: 'Reject redaction-missed' })).toBeVisible();
  await page.keyboard.press('2');
  await expect(page.getByText('Nothing waits for review.')).toBeVisible();
  await expect.poll(() => stateOf('redaction-missed')).toBe('rejected');
  expect((await api('/jobs/redaction-missed')).body.error).toBe('rejected by ana: Face or personal data still visible');
  const audit = (await api('/review/audit')).body.entries;
  expect(audit.map((e: { job_id: string; decision: string }) => `${e.job_id} ${e.decision}`)).toEqual([
    'flagged-photo sent_back',
    'redaction-missed rejected',
  ]);
  expect(errors).toEqual([]);
});
