// Redaction through the job server (real worker processes, real YuNet): a redact manifest on
// the astronaut photo comes back with the face hidden and nothing else changed; a reviewed box
// that misses most of the face leaves it findable, and the job goes to review with that box
// as leftover, listed in the review queue for the reviewer to see in red.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokens } from '../http/auth.ts';
import { follow, getJson, startServer, submit, type TestServer } from '../test/harness.ts';

const ASTRONAUT = '../shared/datasets/dev/holes/astronaut/truth.png';
const REVIEWER = 'ana-reviewer-token-0123456789';
let server: TestServer;
let photo: Buffer;

beforeAll(async () => {
  server = await startServer({}, loadTokens({ CLEANPLATE_TOKENS: `ana:${REVIEWER}:reviewer` }));
  photo = readFileSync(ASTRONAUT);
});
afterAll(() => server.close());

async function pixels(png: Buffer) {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width };
}

describe('redact through the job server', () => {
  it('hides the face it detects, changes nothing away from it, and is done', async () => {
    const sent = await submit(server.url, {
      image: { bytes: photo, name: 'astronaut.png' },
      manifest: { job_id: 'redact-1', steps: [{ op: 'redact', targets: ['faces'], style: 'pixelate' }] },
      token: REVIEWER,
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    const job = await follow(server.url, 'redact-1', undefined, REVIEWER);
    expect(job.state, JSON.stringify(job)).toBe('done');
    const executed = (await getJson(server.url, '/jobs/redact-1/manifest', REVIEWER)).body;
    const [run] = executed.result.runs;
    expect(run).toMatchObject({ op: 'redact', model: { id: 'yunet-n' } });
    expect(run.boxes).toHaveLength(1);
    expect(run.leftover ?? []).toEqual([]);
    const [x0, y0, x1, y1] = run.boxes[0].map(Math.round);
    // The astronaut's face (MODELS.md): about x 180..270, y 60..180.
    expect(x0).toBeGreaterThan(150);
    expect(x1).toBeLessThan(300);
    expect(y0).toBeGreaterThan(30);
    expect(y1).toBeLessThan(210);

    const result = Buffer.from(
      await (await fetch(`${server.url}/jobs/redact-1/result`, { headers: { authorization: `Bearer ${REVIEWER}` } })).arrayBuffer(),
    );
    const a = await pixels(photo);
    const b = await pixels(result);
    let changedInside = 0;
    let changedOutside = 0;
    for (let y = 0; y < 512; y++)
      for (let x = 0; x < a.width; x++) {
        const i = (y * a.width + x) * 4;
        const same = a.data[i] === b.data[i] && a.data[i + 1] === b.data[i + 1] && a.data[i + 2] === b.data[i + 2];
        if (x >= x0 - 1 && x < x1 + 1 && y >= y0 - 1 && y < y1 + 1) changedInside += same ? 0 : 1;
        else changedOutside += same ? 0 : 1;
      }
    expect(changedOutside).toBe(0);
    expect(changedInside).toBeGreaterThan(((x1 - x0) * (y1 - y0)) / 2);
  });

  it('a box that misses the face leaves it found: needs_review, with the leftover box in the review queue', async () => {
    const box = [182, 66, 200, 84]; // a corner of the forehead only
    const sent = await submit(server.url, {
      image: { bytes: photo, name: 'astronaut.png' },
      manifest: { job_id: 'redact-2', steps: [{ op: 'redact', targets: ['faces'], style: 'blur', boxes: [box] }] },
      token: REVIEWER,
    });
    expect(sent.status).toBe(202);
    const job = await follow(server.url, 'redact-2', undefined, REVIEWER);
    expect(job.state).toBe('needs_review');
    expect(job.review_reasons).toHaveLength(1);
    expect(job.review_reasons![0]).toMatch(/^step 0 \(redact\): a face or text may remain in \[\d+, \d+, \d+, \d+\]$/);

    const queue = await getJson(server.url, '/review/queue', REVIEWER);
    const item = queue.body.jobs.find((j: { job_id: string }) => j.job_id === 'redact-2');
    expect(item.leftover).toHaveLength(1);
    const [l0, l1, l2, l3] = item.leftover[0].box;
    expect(item.leftover[0]).toMatchObject({ step: 0, op: 'redact' });
    // The face found again covers the redacted box.
    expect(l0 <= box[2] && box[0] <= l2 && l1 <= box[3] && box[1] <= l3).toBe(true);
    expect(l2 - l0).toBeGreaterThan(50);
  });
});
