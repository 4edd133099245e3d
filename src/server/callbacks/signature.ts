// Standard Webhooks signatures (standardwebhooks.com): the receiver checks
// HMAC-SHA256(secret, "<webhook-id>.<webhook-timestamp>.<body>") against webhook-signature
// ("v1,<base64>"), and the timestamp against replays.
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileDurably } from '../jobs/file-store.ts';

const PREFIX = 'whsec_';

export function signPayload(secret: string, id: string, timestampS: number, body: string): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampS}.${body}`).digest('base64')}`;
}

export function webhookHeaders(secret: string, id: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signPayload(secret, id, timestamp, body),
  };
}

/**
 * The configured secret, or the one this data folder keeps (created on first start, readable
 * by the server's user only) so that receivers can be set up once.
 */
export function webhookSecret(dataDir: string, configured?: string): { secret: string; file?: string } {
  if (configured) {
    if (!configured.startsWith(PREFIX)) throw new Error('CLEANPLATE_WEBHOOK_SECRET must be "whsec_" followed by base64');
    return { secret: configured };
  }
  const file = join(dataDir, 'webhook-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileDurably(file, `${PREFIX}${randomBytes(32).toString('base64')}\n`);
  }
  return { secret: readFileSync(file, 'utf8').trim(), file };
}
