// A BullMQ queue closed while it is still connecting to a Redis that refused it leaves no
// unhandled rejection behind (see bull-connection.ts). The race is made certain here: the
// queue is closed the moment its client starts its second connection attempt (the first
// was refused), so the client ends with an error remembered.
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../server/test/redis-server.ts';
import { QuietlyClosedConnection } from './bull-connection.ts';

/** The connection class with its ioredis client in reach of the test. */
class Observed extends QuietlyClosedConnection {
  static last?: Observed;
  constructor(...args: ConstructorParameters<typeof QuietlyClosedConnection>) {
    super(...args);
    Observed.last = this;
  }
  get redis() {
    return this._client;
  }
}

describe('a BullMQ connection closed while it connects', () => {
  const unhandled: unknown[] = [];
  const note = (e: unknown) => unhandled.push(e);
  process.on('unhandledRejection', note);
  afterEach(() => void process.off('unhandledRejection', note));

  it('leaves no unhandled rejection when Redis refused it', async () => {
    const port = await freePort();
    const queue = new Queue('jobs', { connection: { host: '127.0.0.1', port } }, Observed);
    const errors: Error[] = [];
    queue.on('error', (e) => errors.push(e));
    const client = Observed.last!.redis;
    // (events.once would reject on the client's 'error' events, which are expected here.)
    const next = (event: string) => new Promise<void>((r) => client.once(event, () => r()));
    await next('reconnecting');
    await next('connecting');
    const ended = next('end');
    await queue.close();
    await ended;
    // The rejection, if any, is reported once the microtasks after the end have run.
    await new Promise((r) => setImmediate(r));
    expect(errors.map((e) => (e as NodeJS.ErrnoException).code)).toContain('ECONNREFUSED');
    expect(unhandled).toEqual([]);
  });
});
