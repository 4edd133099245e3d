// The review queue's API through a real server on loopback (real worker processes, real
// receiver for the callbacks): who may see the queue, a flagged upload appearing with its
// pictures, approve / reject / send back, and the story each job's manifest and the audit log keep.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokens } from '../http/auth.ts';
import { follow, getJson, sha256Hex, startServer, submit, testPng, type TestServer } from '../test/harness.ts';

const REVIEWER = 'ana-reviewer-token-0123456789';
const UPLOADER = 'pipeline-token-0123456789abcdef';
const tokens = loadTokens({ CLEANPLATE_TOKENS: `ana:${REVIEWER}:reviewer,pipeline:${UPLOADER}` });

let server: TestServer;
let png: Buffer;
const calls: { job_id: string; state: string; webhookId: string; manifest: { reviews?: { decision: string }[] } }[] = [];
let receiver: ReturnType<typeof createServer>;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      calls.push({ ...JSON.parse(raw), webhookId: String(req.headers['webhook-id']) });
      res.writeHead(204).end();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const port = (receiver.address() as { port: number }).port;
  server = await startServer(
    {
      callbacks: {
        baseUrl: `http://127.0.0.1:${port}`,
        allowedHosts: ['127.0.0.1'],
        allowPrivate: [`127.0.0.1:${port}`],
        backoffBaseMs: 10,
      },
    },
    tokens,
  );
  png = await withWire(await testPng(96, 64));
});

/** The test photo with a dark wire across it (y 18..22, x 20..60), which the jobs' stroke removes. */
async function withWire(photo: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(photo).raw().toBuffer({ resolveWithObject: true });
  for (let y = 18; y <= 22; y++)
    for (let x = 20; x <= 60; x++) data.fill(10, (y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3);
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .png()
    .toBuffer();
}
afterAll(async () => {
  await server.close();
  receiver.close();
});

const as = (token: string) => ({ authorization: `Bearer ${token}` });
const post = async (path: string, body: unknown, token = REVIEWER) => {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { ...as(token), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};
const stroke = (x0: number, y0: number, x1: number, y1: number) => ({
  op: 'inpaint',
  engine: 'patchmatch',
  strokes: [{ points: [x0, y0, x1, y1], width: 6 }],
});

/** Submits a job asking for review and waits until it is in needs_review. */
async function flagged(job_id: string) {
  const sent = await submit(server.url, {
    image: { bytes: png, name: 'photo.png' },
    manifest: { job_id, steps: [stroke(20, 20, 60, 20)], review: true, callback: '/hook' },
    token: UPLOADER,
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(202);
  const view = await follow(server.url, job_id, undefined, UPLOADER);
  expect(view.state).toBe('needs_review');
  expect(view.review_reasons).toEqual(['submitted for review ("review": true)']);
  return view;
}

const settled = (id: string, state: string) =>
  follow(server.url, id, (j) => j.state === state && j.callback?.state === 'delivered', UPLOADER);

describe('who sees the review queue', () => {
  it('answers 401 without a token, 403 for a token without the reviewer role, the queue for a reviewer', async () => {
    expect((await fetch(`${server.url}/review/queue`)).status).toBe(401);
    const other = await getJson(server.url, '/review/queue', UPLOADER);
    expect(other.status).toBe(403);
    expect(other.body.error).toMatch(/token "pipeline" is not a reviewer's/);
    const mine = await getJson(server.url, '/review/queue', REVIEWER);
    expect(mine.status).toBe(200);
    expect(mine.body.reviewer).toBe('ana');
    const api = (await getJson(server.url, '/openapi.json', UPLOADER)).body;
    expect(Object.keys(api.paths)).toEqual(
      expect.arrayContaining(['/review/queue', '/review/jobs/{id}/decision', '/review/jobs/{id}/send-back', '/review/audit']),
    );
  });

  it('are closed, saying how to open them, when no token has the reviewer role', async () => {
    const open = await startServer({}, []);
    try {
      const res = await getJson(open.url, '/review/queue');
      expect(res.status).toBe(403);
      expect(res.body.error).toMatch(/CLEANPLATE_TOKENS="<name>:<token>:reviewer"/);
    } finally {
      await open.close();
    }
  });
});

describe('a flagged upload in the queue', () => {
  it('is listed oldest first with its reasons and pictures: thumbnails and a heatmap of the changed pixels', async () => {
    await flagged('rq-list-1');
    await flagged('rq-list-2');
    const queue = await getJson(server.url, '/review/queue', REVIEWER);
    const ids = queue.body.jobs.map((j: { job_id: string }) => j.job_id);
    expect(ids.indexOf('rq-list-1')).toBeLessThan(ids.indexOf('rq-list-2'));
    const item = queue.body.jobs.find((j: { job_id: string }) => j.job_id === 'rq-list-1');
    expect(item).toMatchObject({
      state: 'needs_review',
      review_reasons: ['submitted for review ("review": true)'],
      has_result: true,
      source_size: { width: 96, height: 64 },
      leftover: [],
      links: { source: '/review/jobs/rq-list-1/source', diff: '/review/jobs/rq-list-1/diff' },
    });

    const thumb = await fetch(`${server.url}${item.links.result}?w=40`, { headers: as(REVIEWER) });
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect(await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).toMatchObject({ format: 'webp', width: 96 }); // never enlarged: 160 asked, 96 wide

    const diff = await fetch(`${server.url}${item.links.diff}`, { headers: as(REVIEWER) });
    expect(diff.status).toBe(200);
    expect(Number(diff.headers.get('x-changed-share'))).toBeGreaterThan(0);
    const { data, info } = await sharp(Buffer.from(await diff.arrayBuffer()))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(info).toMatchObject({ width: 96, height: 64, channels: 4 });
    // Changed pixels lie along the stroke (the wire, y 20, x 20..60), none far from it.
    const alpha = (x: number, y: number) => data[(y * 96 + x) * 4 + 3];
    let inside = 0;
    for (let y = 0; y < 64; y++)
      for (let x = 0; x < 96; x++) {
        const near = x >= 8 && x <= 72 && y >= 8 && y <= 32;
        if (!near) expect(alpha(x, y), `${x},${y}`).toBe(0);
        else if (alpha(x, y) > 0) inside++;
      }
    expect(inside).toBeGreaterThan(40);
  });
});

describe('decisions', () => {
  it('approve: the job is done, the decision is in its manifest and the audit log, the callback fires again', async () => {
    await flagged('rq-approve');
    const first = await settled('rq-approve', 'needs_review');
    expect(first.callback?.deliveries).toHaveLength(1);
    const res = await post('/review/jobs/rq-approve/decision', { decision: 'approve' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ state: 'done', reviews: [{ decision: 'approved', reviewer: 'ana', attempt: 1 }] });

    const done = await settled('rq-approve', 'done');
    expect(done.callback?.deliveries).toHaveLength(2);
    const mine = calls.filter((c) => c.job_id === 'rq-approve');
    expect(mine.map((c) => c.state)).toEqual(['needs_review', 'done']);
    expect(mine[0].webhookId).not.toBe(mine[1].webhookId);
    expect(mine[1].manifest.reviews).toMatchObject([{ decision: 'approved', reviewer: 'ana' }]);

    const result = Buffer.from(await (await fetch(`${server.url}/jobs/rq-approve/result`, { headers: as(UPLOADER) })).arrayBuffer());
    const executed = (await getJson(server.url, '/jobs/rq-approve/manifest', UPLOADER)).body;
    expect(executed.reviews).toMatchObject([
      {
        decision: 'approved',
        reviewer: 'ana',
        result_sha256: sha256Hex(result),
        review_reasons: ['submitted for review ("review": true)'],
      },
    ]);
    expect(Date.parse(executed.reviews[0].at)).not.toBeNaN();
    const audit = readFileSync(join(server.dataDir, 'review-audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit.filter((e) => e.job_id === 'rq-approve')).toMatchObject([{ decision: 'approved', reviewer: 'ana' }]);

    // Decided once: a second decision is refused, saying who decided.
    const again = await post('/review/jobs/rq-approve/decision', { decision: 'reject', reason: 'late' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/is done, not in review \(approved by ana at /);
  });

  it('reject needs a reason; a rejected job has no result to fetch', async () => {
    await flagged('rq-reject');
    const bare = await post('/review/jobs/rq-reject/decision', { decision: 'reject' });
    expect(bare.status).toBe(422);
    expect(bare.body.error).toMatch(/a rejection needs a reason/);
    const odd = await post('/review/jobs/rq-reject/decision', { decision: 'maybe' });
    expect(odd.status).toBe(422);
    const res = await post('/review/jobs/rq-reject/decision', { decision: 'reject', reason: 'personal data still visible' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'rejected', error: 'rejected by ana: personal data still visible' });
    const result = await fetch(`${server.url}/jobs/rq-reject/result`, { headers: as(UPLOADER) });
    expect(result.status).toBe(409);
    expect(((await result.json()) as { error: string }).error).toMatch(/is rejected, it has no result: rejected by ana/);
    const nonReviewer = await post('/review/jobs/rq-list-2/decision', { decision: 'approve' }, UPLOADER);
    expect(nonReviewer.status).toBe(403);
  });

  it('send back: the new manifest runs as the next attempt and the manifest tells the whole story', async () => {
    await flagged('rq-back');
    const editor = await getJson(server.url, '/review/jobs/rq-back/editor', REVIEWER);
    expect(editor.body.manifest.steps).toHaveLength(1);
    expect(editor.body.manifest.review).toBeUndefined();
    const steps = [...editor.body.manifest.steps, stroke(30, 45, 70, 45)];
    const bad = await post('/review/jobs/rq-back/send-back', {
      manifest: { steps: [{ op: 'remove_text', region: [0, 0, 500, 40] }] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatch(/^manifest: /);

    const res = await post('/review/jobs/rq-back/send-back', { manifest: { ...editor.body.manifest, steps }, reason: 'one more stroke' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.state).toBe('queued');
    const done = await follow(server.url, 'rq-back', (j) => j.state === 'done', UPLOADER);
    expect(done.attempts.map((a) => a.outcome)).toEqual(['done', 'done']);
    const executed = (await getJson(server.url, '/jobs/rq-back/manifest', UPLOADER)).body;
    expect(executed.steps).toHaveLength(2);
    expect(executed.result.runs).toHaveLength(2);
    expect(executed.reviews).toMatchObject([
      {
        decision: 'sent_back',
        reviewer: 'ana',
        reason: 'one more stroke',
        attempt: 1,
        steps_before: 1,
        steps_after: 2,
        review_reasons: ['submitted for review ("review": true)'],
      },
    ]);
    expect(executed.reviews[0].result_sha256).not.toBe(executed.result.sha256);
    const queue = await getJson(server.url, '/review/queue', REVIEWER);
    expect(queue.body.jobs.map((j: { job_id: string }) => j.job_id)).not.toContain('rq-back');
    const audit = await getJson(server.url, '/review/audit?job_id=rq-back', REVIEWER);
    expect(audit.body.entries).toMatchObject([{ job_id: 'rq-back', decision: 'sent_back', reviewer: 'ana' }]);
  });

  it("send back with a new mask file: it is stored with the job and filled; a mask neither sent nor the job's is refused", async () => {
    await flagged('rq-mask');
    const mask = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#000' } })
      .composite([
        {
          input: await sharp({ create: { width: 20, height: 12, channels: 3, background: '#fff' } })
            .png()
            .toBuffer(),
          left: 60,
          top: 40,
        },
      ])
      .png()
      .toBuffer();
    const steps = [stroke(20, 20, 60, 20), { op: 'inpaint', engine: 'patchmatch', mask: 'masks/fix.png' }];
    const missing = await post('/review/jobs/rq-mask/send-back', { manifest: { steps } });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatch(/names mask masks\/fix.png, which was neither sent .* nor uploaded with the job/);
    const res = await post('/review/jobs/rq-mask/send-back', { manifest: { steps }, masks: { 'masks/fix.png': mask.toString('base64') } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await follow(server.url, 'rq-mask', (j) => j.state === 'done', UPLOADER)).state).toBe('done');
    const view = (await getJson(server.url, '/jobs/rq-mask', UPLOADER)).body;
    expect(view.masks).toEqual([{ name: 'masks/fix.png', sha256: sha256Hex(mask), bytes: mask.length }]);
    // The masked rectangle changed; a corner far from both steps did not.
    const before = await sharp(png).raw().toBuffer();
    const after = await sharp(
      Buffer.from(await (await fetch(`${server.url}/jobs/rq-mask/result`, { headers: as(UPLOADER) })).arrayBuffer()),
    )
      .removeAlpha()
      .raw()
      .toBuffer();
    const differs = (x: number, y: number) => [0, 1, 2].some((k) => before[(y * 96 + x) * 3 + k] !== after[(y * 96 + x) * 3 + k]);
    let changed = 0;
    for (let y = 40; y < 52; y++) for (let x = 60; x < 80; x++) changed += differs(x, y) ? 1 : 0;
    expect(changed).toBeGreaterThan(100);
    expect(differs(2, 60)).toBe(false);
  });
});
