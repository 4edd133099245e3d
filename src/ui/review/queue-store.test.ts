// The review page's store against a real job server on loopback (real worker processes): the
// queue as listed, a decision taking the job off at once, a job another reviewer decided
// meanwhile staying off with who did it, a refused decision put back with the reason, and a
// token that is not a reviewer's sending the page back to the token form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTokens } from '../../server/http/auth.ts';
import { follow, startServer, submit, testPng, type TestServer } from '../../server/test/harness.ts';
import { createQueueStore } from './queue-store.ts';

const ANA = 'ana-reviewer-token-0123456789';
const BEN = 'ben-reviewer-token-0123456789';
const PIPELINE = 'pipeline-token-0123456789abcd';
let server: TestServer;

beforeAll(async () => {
  server = await startServer({}, loadTokens({ CLEANPLATE_TOKENS: `ana:${ANA}:reviewer,ben:${BEN}:reviewer,pipeline:${PIPELINE}` }));
  const png = await testPng(48, 32);
  for (const id of ['q-1', 'q-2', 'q-3']) {
    const sent = await submit(server.url, {
      image: { bytes: png, name: 'p.png' },
      manifest: {
        job_id: id,
        steps: [{ op: 'inpaint', engine: 'patchmatch', strokes: [{ points: [5, 5, 30, 20], width: 4 }] }],
        review: true,
      },
      token: ANA,
    });
    expect(sent.status).toBe(202);
    expect((await follow(server.url, id, undefined, ANA)).state).toBe('needs_review');
  }
});
afterAll(() => server.close());

const settle = (store: ReturnType<typeof createQueueStore>, done: (s: ReturnType<typeof store.getState>) => boolean) =>
  new Promise<void>((resolve) => {
    if (done(store.getState())) return resolve();
    const off = store.subscribe((s) => done(s) && (off(), resolve()));
  });

describe('the review queue store', () => {
  it('lists the queue oldest first and takes a decided job off at once', async () => {
    const opened: string[] = [];
    const store = createQueueStore({ navigate: (u) => opened.push(u), base: server.url });
    await store.getState().signIn(ANA);
    expect(store.getState()).toMatchObject({ status: 'ready', reviewer: 'ana' });
    expect(store.getState().jobs.map((j) => j.job_id)).toEqual(['q-1', 'q-2', 'q-3']);

    store.getState().move(1);
    store.getState().openInEditor();
    expect(opened).toEqual(['/?review-job=q-2']);
    store.getState().approve();
    // Off the list before the server answered; the next job is in view.
    expect(store.getState().jobs.map((j) => j.job_id)).toEqual(['q-1', 'q-3']);
    expect(store.getState().jobs[store.getState().index].job_id).toBe('q-3');
    await settle(store, (s) => s.inFlight === 0);
    expect((await follow(server.url, 'q-2', undefined, ANA)).state).toBe('done');
  });

  it('keeps off a job another reviewer decided meanwhile, saying who; a rejection needs a reason', async () => {
    const store = createQueueStore({ navigate: () => undefined, base: server.url });
    await store.getState().signIn(BEN);
    expect(store.getState().jobs[0].job_id).toBe('q-1');
    // ana rejects q-1 from elsewhere while ben still sees it.
    const other = createQueueStore({ navigate: () => undefined, base: server.url });
    await other.getState().signIn(ANA);
    other.getState().startReject();
    other.getState().reject('   ');
    expect(other.getState().jobs.map((j) => j.job_id)).toEqual(['q-1', 'q-3']); // no reason: nothing sent
    other.getState().reject('caption still readable');
    await settle(other, (s) => s.inFlight === 0);
    expect((await follow(server.url, 'q-1', undefined, ANA)).error).toBe('rejected by ana: caption still readable');

    store.getState().approve();
    await settle(store, (s) => s.notice !== null);
    expect(store.getState().notice).toMatchObject({ kind: 'info' });
    expect(store.getState().notice!.text).toMatch(
      /^q-1: job "q-1" is rejected, not in review \(rejected by ana at .+\); reload the queue$/,
    );
    expect(store.getState().jobs.map((j) => j.job_id)).toEqual(['q-3']);
    expect(store.getState().decided).toBe(0);
  });

  it("sends a token that is not a reviewer's back to the token form with the reason", async () => {
    const store = createQueueStore({ navigate: () => undefined, base: server.url });
    await store.getState().signIn(PIPELINE);
    expect(store.getState()).toMatchObject({ status: 'needs-token', jobs: [] });
    expect(store.getState().tokenProblem).toBe(`token "pipeline" is not a reviewer's; ask for one with the reviewer role`);
  });
});
