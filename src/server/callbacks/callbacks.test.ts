// Callbacks, through a real server and a real receiver on loopback: Standard Webhooks
// signatures checked by the receiver, a 500 answered once and the retry recorded, relative
// callbacks against the base URL, and SSRF attempts refused (addresses, names, redirects).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { follow, startServer, submit, testPng, type TestServer } from '../test/harness.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../test/webhook-receiver.ts';
import type { CallbackConfig } from '../jobs/config.ts';
import { deliver } from './deliver.ts';
import { isPrivateAddress } from './ssrf.ts';

const SECRET = `whsec_${Buffer.from('callback-test-secret-0123456789').toString('base64')}`;

/** What the server posts to a callback. */
interface CallbackBody {
  job_id: string;
  state: string;
  result_url?: string;
  manifest: { job_id: string; result?: unknown };
}

let png: Buffer;
let receiver: WebhookReceiver<CallbackBody>;
let server: TestServer;
beforeAll(async () => {
  png = await testPng(16, 16);
  // Answers 500 to the first delivery, 200 after; a path /redirect-* sends the caller elsewhere.
  receiver = await startWebhookReceiver<CallbackBody>(SECRET, (req, res, _, n) => {
    if (req.url === '/redirect-loopback') return res.writeHead(307, { location: 'http://127.0.0.1:22/' }).end();
    if (req.url === '/redirect-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    res.writeHead(n === 1 ? 500 : 200).end();
  });
  server = await startServer({
    callbacks: {
      secret: SECRET,
      baseUrl: receiver.url,
      allowedHosts: ['127.0.0.1', 'localhost'],
      allowPrivate: [`127.0.0.1:${receiver.port}`],
      backoffBaseMs: 10,
      backoffMaxMs: 50,
    },
  });
});
afterAll(async () => {
  await server.close();
  receiver.close();
});

const job = (job_id: string, callback: string) =>
  submit(server.url, { image: { bytes: png, name: 'p.png' }, manifest: { job_id, steps: [], callback } });
const settled = (id: string) => follow(server.url, id, (j) => !!j.callback && j.callback.state !== 'pending' && j.state === 'done');

describe('callbacks', () => {
  it('are signed, retried after a 500 and recorded; a relative one goes to the base URL', async () => {
    expect((await job('cb-1', '/internal/jobs/callback')).status).toBe(202);
    const view = await settled('cb-1');
    expect(view.callback).toMatchObject({
      state: 'delivered',
      deliveries: [
        { status: 500, ok: false },
        { status: 200, ok: true },
      ],
    });
    const mine = receiver.received.filter((r) => r.body.job_id === 'cb-1');
    expect(mine).toHaveLength(2);
    expect(mine.every((r) => r.signatureOk && r.path === '/internal/jobs/callback')).toBe(true);
    // A retry is the same message: receivers deduplicate on webhook-id.
    expect(mine[0].webhookId).toBe(mine[1].webhookId);
    expect(mine[1].body).toMatchObject({ state: 'done', result_url: `${server.url}/jobs/cb-1/result`, manifest: { job_id: 'cb-1' } });
    expect(mine[1].body.manifest.result).toBeDefined();
  });

  it('refuse loopback, private and metadata addresses at submission', async () => {
    const open = await startServer({ callbacks: { secret: SECRET, allowedHosts: ['*'], allowPrivate: [] } });
    try {
      for (const target of [
        'http://169.254.169.254/latest/meta-data/',
        'http://127.0.0.1:22/',
        'http://[::ffff:127.0.0.1]/x',
        'http://10.0.0.8/',
      ]) {
        const res = await submit(open.url, { image: { bytes: png, name: 'p.png' }, manifest: { steps: [], callback: target } });
        expect(res.status, target).toBe(422);
        expect(res.body.error).toMatch(/loopback, private, link-local or reserved address/);
      }
      const offList = await startServer({ callbacks: { secret: SECRET, allowedHosts: ['hooks.example.com'] } });
      const res = await submit(offList.url, {
        image: { bytes: png, name: 'p.png' },
        manifest: { steps: [], callback: 'http://evil.example.net/x' },
      });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatch(/evil.example.net is not among the allowed callback hosts/);
      await offList.close();
    } finally {
      await open.close();
    }
  });

  it('refuse a name that resolves to loopback, checked after DNS: never called', async () => {
    const before = receiver.received.length;
    expect((await job('cb-name', `http://localhost:${receiver.port}/hook`)).status).toBe(202);
    const view = await settled('cb-name');
    expect(view.callback!.state).toBe('failed');
    expect(view.callback!.deliveries).toHaveLength(1);
    expect(view.callback!.deliveries[0].error).toMatch(/callback host localhost resolves to (127\.0\.0\.1|::1), a loopback/);
    expect(receiver.received.length).toBe(before);
  });

  it('refuse a redirect to loopback or to the metadata service', async () => {
    for (const path of ['/redirect-loopback', '/redirect-metadata']) {
      const id = `cb${path}`;
      expect((await job(id, `${receiver.url}${path}`)).status).toBe(202);
      const view = await settled(id);
      expect(view.callback!.state, path).toBe('failed');
      // Refused as a private address, or (the metadata host) as a host off the allowed list.
      expect(view.callback!.deliveries.at(-1)!.error).toMatch(
        /(loopback, private, link-local or reserved address|not among the allowed callback hosts).* \(redirected to http:\/\/(127\.0\.0\.1:22|169\.254\.169\.254)/,
      );
    }
  });
});

describe('deliver()', () => {
  const config: CallbackConfig = {
    allowedHosts: ['*'],
    allowPrivate: [],
    secret: SECRET,
    maxAttempts: 1,
    backoffBaseMs: 1,
    backoffMaxMs: 1,
    timeoutMs: 5000,
  };
  it.each([
    'http://169.254.169.254/',
    'http://127.0.0.1:22/',
    'http://localhost/',
    'http://0.0.0.0/',
    'http://[::1]/',
    'http://[fd00::1]/',
  ])('refuses %s without connecting', async (url) => {
    const answer = await deliver(new URL(url), '{}', {}, config);
    expect(answer).toMatchObject({ ok: false, refused: true });
  });

  it('knows the private ranges, including IPv4 inside IPv6', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::a9fe:a9fe',
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111']) expect(isPrivateAddress(a), a).toBe(false);
  });
});
