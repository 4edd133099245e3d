// The queue's pictures: fetched with the reviewer's token (an <img> cannot send it) into object
// URLs, once each, and released when their job leaves the queue. The current job's and the
// next ones' are fetched ahead, so a decision shows the next photo at once.
import type { ReviewClient, ReviewItem } from './review-client.ts';

export type PictureKind = 'result' | 'source' | 'diff' | 'thumb';

export interface Picture {
  url: string;
  /** diff only: the share of pixels changed (0..1). */
  changedShare?: number;
}

/** Width of the large picture asked of the server (it answers the next size up it keeps). */
export const STAGE_WIDTH = 1280;
export const THUMB_WIDTH = 160;

export function pictureSource(item: ReviewItem, kind: PictureKind): string | undefined {
  if (kind === 'thumb') return `${item.links.result ?? item.links.source}?w=${THUMB_WIDTH}`;
  const link = kind === 'result' ? item.links.result : kind === 'source' ? item.links.source : item.links.diff;
  return link ? `${link}?w=${STAGE_WIDTH}` : undefined;
}

export class PictureCache {
  private readonly done = new Map<string, Picture>();
  private readonly pending = new Map<string, Promise<Picture | undefined>>();

  constructor(
    private readonly client: ReviewClient,
    private readonly onLoad: () => void,
  ) {}

  private key = (item: ReviewItem, kind: PictureKind) => `${item.job_id}\n${item.attempts}\n${kind}`;

  get(item: ReviewItem, kind: PictureKind): Picture | undefined {
    return this.done.get(this.key(item, kind));
  }

  /** Starts fetching (once); the page re-renders through onLoad when it arrives. */
  load(item: ReviewItem, kind: PictureKind): Promise<Picture | undefined> {
    const key = this.key(item, kind);
    const have = this.done.get(key);
    if (have) return Promise.resolve(have);
    const path = pictureSource(item, kind);
    if (!path) return Promise.resolve(undefined);
    let p = this.pending.get(key);
    if (!p) {
      p = this.client
        .blob(path)
        .then(({ blob, headers }) => {
          const share = headers.get('x-changed-share');
          const pic: Picture = { url: URL.createObjectURL(blob), ...(share ? { changedShare: Number(share) } : {}) };
          this.done.set(key, pic);
          this.onLoad();
          return pic;
        })
        .catch(() => undefined)
        .finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  /** Frees a job's pictures (it was decided). */
  release(jobId: string): void {
    for (const [key, pic] of this.done)
      if (key.startsWith(`${jobId}\n`)) {
        URL.revokeObjectURL(pic.url);
        this.done.delete(key);
      }
  }
}
