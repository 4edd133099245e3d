// The queue's pictures: fetched with the reviewer's token (an <img> cannot send it) into object
// URLs, once each, and released when their job leaves the queue. The current job's and the
// next ones' are fetched ahead, so a decision shows the next photo at once. A few requests run
// at a time, the most wanted first (the photo in view before its neighbours before the strip's
// thumbnails), so fifty thumbnails never hold up the photo the reviewer is looking at.
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

/** Lower runs first: 0 the job in view, 1 its neighbours, 2 thumbnails. */
export type Priority = 0 | 1 | 2;
const AT_ONCE = 4;

interface Waiting {
  priority: Priority;
  start: () => void;
}

export class PictureCache {
  private readonly done = new Map<string, Picture>();
  private readonly pending = new Map<string, Promise<Picture | undefined>>();
  private readonly waiting: Waiting[] = [];
  private running = 0;

  constructor(
    private readonly client: ReviewClient,
    private readonly onLoad: () => void,
  ) {}

  private key = (item: ReviewItem, kind: PictureKind) => `${item.job_id}\n${item.attempts}\n${kind}`;

  get(item: ReviewItem, kind: PictureKind): Picture | undefined {
    return this.done.get(this.key(item, kind));
  }

  private next(): void {
    while (this.running < AT_ONCE && this.waiting.length) {
      const i = this.waiting.reduce((best, w, j) => (w.priority < this.waiting[best].priority ? j : best), 0);
      this.waiting.splice(i, 1)[0].start();
    }
  }

  /** Runs `fetch` when a slot is free, the most wanted first. */
  private queued<T>(priority: Priority, fetch: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        priority,
        start: () => {
          this.running++;
          fetch()
            .then(resolve, reject)
            .finally(() => {
              this.running--;
              this.next();
            });
        },
      });
      this.next();
    });
  }

  /** Starts fetching (once); the page re-renders through onLoad when it arrives. */
  load(item: ReviewItem, kind: PictureKind, priority: Priority = 1): Promise<Picture | undefined> {
    const key = this.key(item, kind);
    const have = this.done.get(key);
    if (have) return Promise.resolve(have);
    const path = pictureSource(item, kind);
    if (!path) return Promise.resolve(undefined);
    let p = this.pending.get(key);
    if (!p) {
      p = this.queued(priority, () => this.client.blob(path))
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
