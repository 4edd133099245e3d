// A direct endpoint's caller that hangs up before its work starts leaves nothing running: a
// real server on loopback with one worker, kept busy by a real remove_text job, and a caller of
// POST /text-remover (node's http client) that destroys its socket while its job waits.
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { follow, form, getJson, serverForTests, submit, type JobView } from '../test/harness.ts';

const TEXTED = join(resolve(import.meta.dirname, '../../..'), '../shared/datasets/dev/text/chelsea/texted.png');

const server = serverForTests({ concurrency: 1 });

it('cancels a /text-remover job whose caller left while it was queued, without running it', async () => {
  const photo = readFileSync(TEXTED);
  const occupant = await submit(server.url, {
    image: { bytes: photo, name: 'texted.png' },
    manifest: { job_id: 'occupant', steps: [{ op: 'remove_text' }] },
  });
  expect(occupant.status).toBe(202);
  await follow(server.url, 'occupant', (j) => j.state === 'running');

  const body = new Request(server.url, { method: 'POST', body: form({ image: { bytes: photo, name: 'texted.png' } }) });
  const bytes = Buffer.from(await body.arrayBuffer());
  const { port } = new URL(server.url);
  const caller = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/text-remover',
    agent: false,
    headers: { 'content-type': body.headers.get('content-type')!, 'content-length': bytes.length },
  });
  caller.on('error', () => undefined);
  caller.end(bytes);

  // The caller's job waits behind the occupant; the caller hangs up once it is listed.
  let waiting: JobView | undefined;
  while (!waiting) waiting = (await getJson(server.url, '/jobs?state=queued')).body.jobs[0];
  caller.destroy();

  const left = await follow(server.url, waiting.job_id);
  expect(left.state).toBe('cancelled');
  expect(left.attempts).toEqual([]);
  expect((await follow(server.url, 'occupant')).state).toMatch(/^(done|needs_review)$/);
});
