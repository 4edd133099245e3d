// Reads an imported bundle off the UI thread: unzipping a 100 MB bundle (and refusing a zip
// bomb from its directory) would otherwise be a long task on the page. The entries come back
// transferred; a bundle the reader refuses comes back as its message.
import { BundleError, readBundle, type Bundle } from '../ops/bundle.ts';

export interface BundleRequest {
  id: number;
  file: Blob;
}

export type BundleReply = { id: number; bundle: Bundle } | { id: number; error: string; refused: boolean };

self.onmessage = async ({ data }: MessageEvent<BundleRequest>) => {
  try {
    const bundle = readBundle(new Uint8Array(await data.file.arrayBuffer()));
    const buffers = [bundle.result.bytes, bundle.source?.bytes, ...Object.values(bundle.masks)].flatMap((b) => (b ? [b.buffer] : []));
    self.postMessage({ id: data.id, bundle } satisfies BundleReply, { transfer: [...new Set(buffers)] as ArrayBuffer[] });
  } catch (e) {
    self.postMessage({
      id: data.id,
      error: e instanceof Error ? e.message : String(e),
      refused: e instanceof BundleError,
    } satisfies BundleReply);
  }
};
