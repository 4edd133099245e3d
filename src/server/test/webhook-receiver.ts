// A callback receiver on loopback that checks each delivery's Standard Webhooks signature itself
// (HMAC-SHA256 over "id.timestamp.body" with the secret's key), apart from the server's signing
// code, and keeps every delivery in arrival order.
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface Delivery<Body> {
  path: string;
  body: Body;
  /** The webhook-signature header is the one the secret gives for this id, timestamp and body. */
  signatureOk: boolean;
  webhookId: string;
}

export interface WebhookReceiver<Body> {
  received: Delivery<Body>[];
  port: number;
  url: string;
  close(): void;
}

/** `answer` writes the reply to each delivery; `n` counts the deliveries so far, this one included. */
export async function startWebhookReceiver<Body = { job_id: string; state: string }>(
  secret: string,
  answer: (req: IncomingMessage, res: ServerResponse, delivery: Delivery<Body>, n: number) => void,
): Promise<WebhookReceiver<Body>> {
  const received: Delivery<Body>[] = [];
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      const ts = String(req.headers['webhook-timestamp']);
      const expected = `v1,${createHmac('sha256', key).update(`${id}.${ts}.${raw}`).digest('base64')}`;
      const delivery = {
        path: req.url!,
        body: JSON.parse(raw) as Body,
        signatureOk: req.headers['webhook-signature'] === expected,
        webhookId: id,
      };
      received.push(delivery);
      answer(req, res, delivery, received.length);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  return { received, port, url: `http://127.0.0.1:${port}`, close: () => server.close() };
}
