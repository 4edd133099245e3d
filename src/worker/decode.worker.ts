// Decodes image files off the UI thread: a 24 MP JPEG takes 150-500 ms to decode, a long task
// on the page. The bitmap (upright, straight alpha, the file's own colour values) is
// transferred back; a file that does not decode comes back as an error message.
import { DECODE_OPTIONS } from './bitmap-pixels.ts';

export interface DecodeRequest {
  id: number;
  file: Blob;
}

export type DecodeReply = { id: number; bitmap: ImageBitmap } | { id: number; error: string };

self.onmessage = async ({ data }: MessageEvent<DecodeRequest>) => {
  try {
    const bitmap = await createImageBitmap(data.file, DECODE_OPTIONS);
    self.postMessage({ id: data.id, bitmap } satisfies DecodeReply, { transfer: [bitmap] });
  } catch (e) {
    self.postMessage({ id: data.id, error: e instanceof Error ? e.message : String(e) } satisfies DecodeReply);
  }
};
