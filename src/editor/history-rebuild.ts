// Rebuilding a frame the history dropped (history-memory.ts), through the worker: it shows the
// frame from its memory or its stash on disk (OPFS), else pastes crops on a neighbour
// (client.rebuild). The rebuilt bitmap goes back into the same DocumentImage, so everything that
// names the image by identity (the history, a job's snapshot) still does.
import type { JobOptions, RebuildRoute, RebuiltFrom } from '../worker/client.ts';
import type { JobResult, ShownImage } from '../worker/client.ts';
import type { DocumentImage } from './edits.ts';
import type { FrameRoute } from './history-memory.ts';
import type { WorkerPixels } from './pixels.ts';

/** Puts a dropped frame's pixels back (its bitmap in `image.source`). */
export type FrameRebuilder = (image: DocumentImage, routes: readonly FrameRoute[], opts?: JobOptions) => Promise<void>;

/** The part of the worker client a rebuild uses. */
export interface RebuildClient {
  rebuild(target: string, routes: readonly RebuildRoute[], opts?: JobOptions): Promise<JobResult<{ image: ShownImage; from: RebuiltFrom }>>;
}

export function frameRebuilder(client: RebuildClient, pixels: WorkerPixels): FrameRebuilder {
  /** The rebuild running per frame: a second request waits for it (and tries again only if it failed). */
  const pending = new WeakMap<DocumentImage, Promise<void>>();
  const rebuild: FrameRebuilder = async (image, routes, opts) => {
    const running = pending.get(image);
    if (running) {
      await running.catch(() => undefined);
      if (!image.released) return;
    }
    const work = (async () => {
      const { value } = await client.rebuild(
        pixels.forJob(image).pixelsId,
        routes.map((r) => ({ base: pixels.forJob(r.base), crops: r.crops, canHandOver: r.canHandOver })),
        opts,
      );
      if (image.released) {
        image.source = value.image.bitmap;
        image.released = false;
      } else value.image.bitmap.close(); // held again meanwhile
    })();
    pending.set(image, work);
    try {
      await work;
    } finally {
      if (pending.get(image) === work) pending.delete(image);
    }
  };
  return rebuild;
}
