// Document pixels and the worker. Operations on the open document (and import's replay) go
// through the worker by id (WorkerPixels): it keeps every image exact, so the UI thread never
// reads or writes a full-size image while a job runs.
import type { KeptImage, ShownImage } from '../worker/client.ts';
import type { DocumentImage } from './edits.ts';

export interface WorkerPixels {
  /** The image as a worker job takes it: by id, handed over only to a worker that lacks it. */
  forJob(image: DocumentImage): KeptImage;
  /** The document image of a worker result (its bitmap is taken over, not copied). */
  fromJob(image: ShownImage, input: DocumentImage): DocumentImage;
}

/** Ids for images made on this side (opened files, replayed steps); worker results bring their own. */
const pageIds = new WeakMap<DocumentImage, string>();

export const workerPixels: WorkerPixels = {
  forJob(image) {
    let pixelsId = image.pixelsId ?? pageIds.get(image);
    if (!pixelsId) pageIds.set(image, (pixelsId = `p-${crypto.randomUUID()}`));
    const opaque = !!image.opaque;
    return {
      pixelsId,
      // The opened file is decoded again in the worker; anything else is copied here (one
      // full-size copy on this thread, only for a fresh worker).
      handover: async () =>
        image.file
          ? { file: image.file, opaque }
          : {
              bitmap: await createImageBitmap(image.source as ImageBitmap, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' }),
              opaque,
            },
    };
  },
  fromJob: (shown, input) => ({
    width: shown.width,
    height: shown.height,
    source: shown.bitmap,
    pixelsId: shown.pixelsId,
    // Operations keep alpha as it was: an opaque input gives an opaque result.
    ...(input.opaque ? { opaque: true } : {}),
    ...(shown.patch ? { patch: { ...shown.patch, from: input } } : {}),
  }),
};
