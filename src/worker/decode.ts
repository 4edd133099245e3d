// Decoding an image file to a bitmap on a small worker of its own (not the inference worker,
// which may be busy with a job). Falls back to this thread where workers cannot decode.
import { DECODE_OPTIONS } from './bitmap-pixels.ts';
import type { DecodeReply, DecodeRequest } from './decode.worker.ts';

let worker: Worker | null = null;
let serial = 0;
const waiting = new Map<number, (reply: DecodeReply) => void>();

function decoder(): Worker | null {
  if (worker || typeof Worker === 'undefined') return worker;
  try {
    worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'cleanplate-decode' });
  } catch {
    return null;
  }
  worker.onmessage = ({ data }: MessageEvent<DecodeReply>) => {
    waiting.get(data.id)?.(data);
    waiting.delete(data.id);
  };
  worker.onerror = () => {
    // A worker that failed to load: decode the waiting files here instead.
    for (const done of waiting.values()) done({ id: -1, error: 'worker' });
    waiting.clear();
    worker = null;
  };
  return worker;
}

/** The file decoded upright, straight alpha, in its own colour values; rejects when it does not decode. */
export async function decodeImage(file: Blob): Promise<ImageBitmap> {
  const w = decoder();
  if (w) {
    const id = ++serial;
    const reply = await new Promise<DecodeReply>((resolve) => {
      waiting.set(id, resolve);
      w.postMessage({ id, file } satisfies DecodeRequest);
    });
    if ('bitmap' in reply) return reply.bitmap;
    if (reply.id === id) throw new Error(reply.error);
  }
  return createImageBitmap(file, DECODE_OPTIONS);
}
