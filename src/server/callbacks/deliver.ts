// One delivery attempt of a signed callback: POST the body to the URL, following redirects
// (each target checked again, see ssrf.ts), connecting only to the address that was checked.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { CallbackConfig } from '../jobs/config.ts';
import { CallbackRefused, resolveTarget } from './ssrf.ts';

const MAX_REDIRECTS = 3;

export interface DeliveryAnswer {
  status?: number;
  ok: boolean;
  /** The URL that answered last (after redirects). */
  url: string;
  error?: string;
  /** A refusal by policy: retrying cannot help. */
  refused?: boolean;
}

function pinned(address: string, family: number): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

function post(url: URL, body: string, headers: Record<string, string>, at: { address: string; family: number }, timeoutMs: number) {
  return new Promise<IncomingMessage>((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      lookup: pinned(at.address, at.family),
      timeout: timeoutMs,
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)));
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume(); // the answer's body is not needed
      res.on('end', () => resolve(res));
      res.on('error', reject);
    });
    req.end(body);
  });
}

export async function deliver(target: URL, body: string, headers: Record<string, string>, config: CallbackConfig): Promise<DeliveryAnswer> {
  let url = target;
  for (let hop = 0; ; hop++) {
    try {
      const at = await resolveTarget(url, config);
      const res = await post(url, body, headers, at, config.timeoutMs);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location) {
        if (hop >= MAX_REDIRECTS) return { status, ok: false, url: url.href, error: `more than ${MAX_REDIRECTS} redirects` };
        url = new URL(location, url);
        continue;
      }
      return { status, ok: status >= 200 && status < 300, url: url.href, ...(status >= 300 ? { error: `answered ${status}` } : {}) };
    } catch (e) {
      const refused = e instanceof CallbackRefused;
      const where = hop > 0 ? ` (redirected to ${url.href})` : '';
      return { ok: false, url: url.href, error: `${(e as Error).message}${where}`, refused };
    }
  }
}
