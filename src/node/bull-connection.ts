// The Redis connection class given to every BullMQ object we make (Queue, QueueEvents, Worker).
//
// BullMQ 5.81 leaves an unhandled rejection behind when one of its connections is closed while
// its client is still connecting to a Redis that refused it before: close() disconnects the
// client and removes every listener of the connection at once; the client then ends, which
// rejects the connection's pending start with the last error (ECONNREFUSED), and BullMQ's own
// handler of that rejection re-emits it as an 'error' event. With no listener left, emit()
// throws, and Node reports the error as an unhandled rejection: vitest failed a run on it
// (the job server closing its queue after it could not reach Redis), and a process that
// treats unhandled rejections as fatal would stop.
import { RedisConnection } from 'bullmq';

export class QuietlyClosedConnection extends RedisConnection {
  override async close(force?: boolean): Promise<void> {
    await super.close(force);
    // Whatever the closed connection still emits has been reported (or is moot): it is taken here.
    this.on('error', () => {});
  }
}
