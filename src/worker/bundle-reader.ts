// Reading a bundle on a worker of its own (bundle.worker.ts), so the page never unzips; where
// no worker can start (tests under Node), on this thread. Refusals are BundleErrors either way.
import { BundleError, readBundle, type Bundle } from '../ops/bundle.ts';
import type { BundleReply, BundleRequest } from './bundle.worker.ts';

let serial = 0;

export async function readBundleFile(file: Blob): Promise<Bundle> {
  if (typeof Worker === 'undefined') return readBundle(new Uint8Array(await file.arrayBuffer()));
  const worker = new Worker(new URL('./bundle.worker.ts', import.meta.url), { type: 'module', name: 'cleanplate-bundle' });
  try {
    const id = ++serial;
    const reply = await new Promise<BundleReply>((resolve, reject) => {
      worker.onmessage = ({ data }: MessageEvent<BundleReply>) => resolve(data);
      worker.onerror = (e) => reject(new Error(`The bundle reader failed to start: ${e.message}`));
      worker.postMessage({ id, file } satisfies BundleRequest);
    });
    if ('bundle' in reply) return reply.bundle;
    throw reply.refused ? new BundleError(reply.error) : new Error(reply.error);
  } finally {
    worker.terminate(); // one bundle per worker: its memory goes with it
  }
}
