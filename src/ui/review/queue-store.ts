// The review page's own small state (no editor in it): the queue as the server listed it, the
// job in view, how it is shown (after / before, heatmap), the reject dialog, and notices. A
// decision takes the job off the list at once (the next one is in view within the same frame)
// while its request goes out; a refusal puts it back and says why.
import { createStore } from 'zustand/vanilla';
import { PictureCache, type PictureKind, type Priority } from './pictures.ts';
import { ReviewApiError, ReviewClient, type ReviewItem } from './review-client.ts';
import { saveToken } from './reviewer-token.ts';

export type QueueStatus = 'needs-token' | 'loading' | 'ready';

export interface Notice {
  kind: 'info' | 'error';
  text: string;
}

export interface QueueState {
  status: QueueStatus;
  /** Why the token was refused, when it was. */
  tokenProblem: string | null;
  reviewer: string | null;
  jobs: ReviewItem[];
  /** More jobs wait beyond those listed (the server pages). */
  more: boolean;
  index: number;
  showBefore: boolean;
  showDiff: boolean;
  rejecting: boolean;
  notice: Notice | null;
  /** Decisions taken on this page, for the count in the header. */
  decided: number;
  /** Decisions sent and not yet answered by the server. */
  inFlight: number;
  /** Bumped when a picture arrives, so the page re-renders. */
  pictures: number;
}

export interface QueueActions {
  signIn(token: string): Promise<void>;
  signOut(): void;
  reload(): Promise<void>;
  move(by: number): void;
  select(index: number): void;
  approve(): void;
  startReject(): void;
  cancelReject(): void;
  reject(reason: string): void;
  toggleBefore(on?: boolean): void;
  toggleDiff(): void;
  openInEditor(): void;
  dismissNotice(): void;
}

export type QueueStore = ReturnType<typeof createQueueStore>;

export interface QueueDeps {
  /** Where the editor opens (the page navigates there); replaced in tests. */
  navigate(url: string): void;
  /** The server's origin; '' (the page's own) in the browser. */
  base?: string;
}

export function createQueueStore(deps: QueueDeps = { navigate: (url) => window.location.assign(url) }) {
  let client: ReviewClient | null = null;
  let pictures: PictureCache | null = null;

  const store = createStore<QueueState & QueueActions & { client(): ReviewClient | null; pictureCache(): PictureCache | null }>()((
    set,
    get,
  ) => {
    const current = () => get().jobs[get().index];

    /** The job in view and its neighbours: pictures fetched ahead. */
    const prefetch = () => {
      const { jobs, index, showDiff } = get();
      if (!pictures) return;
      const ahead: [number, PictureKind[], Priority][] = [
        [index, showDiff ? ['result', 'diff', 'source'] : ['result', 'source'], 0],
        [index + 1, ['result', 'source'], 1],
        [index + 2, ['result'], 1],
        [index - 1, ['result'], 1],
      ];
      for (const [i, kinds, priority] of ahead) {
        const item = jobs[i];
        if (item) for (const k of kinds) void pictures.load(item, k, priority);
      }
    };

    const refused = (e: unknown) => {
      if (e instanceof ReviewApiError && (e.status === 401 || e.status === 403)) {
        saveToken(null);
        set({ status: 'needs-token', tokenProblem: e.message, jobs: [] });
        return true;
      }
      return false;
    };

    /** Takes the job off the list now; the request follows. */
    const decide = (decision: 'approve' | 'reject', reason?: string) => {
      const item = current();
      if (!item || !client) return;
      const at = get().index;
      const jobs = get().jobs.filter((j) => j !== item);
      set({
        jobs,
        index: Math.min(at, Math.max(0, jobs.length - 1)),
        showBefore: false,
        showDiff: false,
        rejecting: false,
        decided: get().decided + 1,
      });
      prefetch();
      set({ inFlight: get().inFlight + 1 });
      client
        .decide(item, decision, reason)
        .then(() => pictures?.release(item.job_id))
        .catch((e: unknown) => {
          if (refused(e)) return;
          const text = e instanceof Error ? e.message : String(e);
          if (e instanceof ReviewApiError && e.status === 409) {
            // Decided elsewhere meanwhile: it stays off the list; say so.
            set({ notice: { kind: 'info', text: `${item.job_id}: ${text}` }, decided: get().decided - 1 });
            return;
          }
          const back = [...get().jobs];
          back.splice(Math.min(at, back.length), 0, item);
          set({
            jobs: back,
            index: Math.min(at, back.length - 1),
            decided: get().decided - 1,
            notice: { kind: 'error', text: `${item.job_id} was not ${decision === 'approve' ? 'approved' : 'rejected'}: ${text}` },
          });
        })
        .finally(() => set({ inFlight: get().inFlight - 1 }));
    };

    return {
      status: 'needs-token',
      tokenProblem: null,
      reviewer: null,
      jobs: [],
      more: false,
      index: 0,
      showBefore: false,
      showDiff: false,
      rejecting: false,
      notice: null,
      decided: 0,
      inFlight: 0,
      pictures: 0,
      client: () => client,
      pictureCache: () => pictures,

      async signIn(token) {
        client = new ReviewClient(token.trim(), deps.base);
        pictures = new PictureCache(client, () => set({ pictures: get().pictures + 1 }));
        set({ status: 'loading', tokenProblem: null });
        saveToken(token.trim());
        await get().reload();
      },

      signOut() {
        saveToken(null);
        client = null;
        set({ status: 'needs-token', tokenProblem: null, jobs: [], reviewer: null });
      },

      async reload() {
        if (!client) return;
        try {
          const page = await client.queue();
          set({
            status: 'ready',
            reviewer: page.reviewer,
            jobs: page.jobs,
            more: !!page.next,
            index: 0,
            showBefore: false,
            showDiff: false,
          });
          prefetch();
        } catch (e) {
          if (!refused(e)) set({ status: 'ready', notice: { kind: 'error', text: e instanceof Error ? e.message : String(e) } });
        }
      },

      move(by) {
        get().select(get().index + by);
      },

      select(index) {
        const n = get().jobs.length;
        if (!n) return;
        set({ index: Math.max(0, Math.min(n - 1, index)), showBefore: false, rejecting: false });
        prefetch();
      },

      approve() {
        const item = current();
        if (!item) return;
        if (!item.has_result) {
          set({
            notice: {
              kind: 'error',
              text: `${item.job_id} has no result to approve: open it in the editor (E) and send it back, or reject it (R).`,
            },
          });
          return;
        }
        decide('approve');
      },

      startReject() {
        if (current()) set({ rejecting: true });
      },
      cancelReject() {
        set({ rejecting: false });
      },
      reject(reason) {
        if (!reason.trim()) return;
        decide('reject', reason.trim());
      },

      toggleBefore(on) {
        set({ showBefore: on ?? !get().showBefore });
      },

      toggleDiff() {
        const item = current();
        if (!item?.has_result) return;
        set({ showDiff: !get().showDiff });
        prefetch();
      },

      openInEditor() {
        const item = current();
        if (item) deps.navigate(`/?review-job=${encodeURIComponent(item.job_id)}`);
      },

      dismissNotice() {
        set({ notice: null });
      },
    };
  });
  return store;
}
