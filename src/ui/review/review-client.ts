// The review page's client of the server's review API (src/server/review/review-routes.ts):
// the same HTTP routes any other client uses, with the reviewer's bearer token.

export type Box4 = [number, number, number, number];

export interface ReviewRecord {
  decision: 'approved' | 'rejected' | 'sent_back';
  reviewer: string;
  at: string;
  reason?: string;
  attempt: number;
  review_reasons: string[];
}

/** One job in needs_review, as GET /review/queue lists it. */
export interface ReviewItem {
  job_id: string;
  state: string;
  submitted_at: string;
  in_review_since?: string;
  review_reasons: string[];
  error?: string;
  steps: string[];
  attempts: number;
  source_size?: { width: number; height: number };
  result_size?: { width: number; height: number };
  has_result: boolean;
  leftover: { step: number; op: string; box: Box4; score?: number }[];
  reviews: ReviewRecord[];
  links: { self: string; source: string; result?: string; diff?: string; editor: string; decision: string; send_back: string; job: string };
}

export interface EditorOpening {
  job_id: string;
  manifest: { steps: unknown[]; [k: string]: unknown };
  source: { name: string; url: string };
  masks: { name: string; url: string }[];
  send_back: string;
}

/** A refusal from the server: its status and its own sentence saying what is wrong. */
export class ReviewApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ReviewApiError';
  }
}

export class ReviewClient {
  constructor(
    private readonly token: string,
    private readonly base = '',
  ) {}

  private async request(path: string, init: RequestInit = {}): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${this.token}` } });
    } catch {
      throw new ReviewApiError(0, 'The server cannot be reached; check the connection and reload.');
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: string };
      throw new ReviewApiError(res.status, body.error ?? `the server answered ${res.status}`);
    }
    return res;
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    return (await (await this.request(path, init)).json()) as T;
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  queue(after?: string): Promise<{ reviewer: string; jobs: ReviewItem[]; next?: string }> {
    return this.json(`/review/queue?${new URLSearchParams({ limit: '100', ...(after ? { after } : {}) })}`);
  }

  decide(item: ReviewItem, decision: 'approve' | 'reject', reason?: string): Promise<unknown> {
    return this.post(item.links.decision, { decision, ...(reason ? { reason } : {}) });
  }

  editor(jobId: string): Promise<EditorOpening> {
    return this.json(`/review/jobs/${encodeURIComponent(jobId)}/editor`);
  }

  sendBack(path: string, manifest: unknown, masks: Record<string, string>, reason?: string): Promise<{ state: string }> {
    return this.post(path, { manifest, masks, ...(reason ? { reason } : {}) });
  }

  /** An image the API serves (it needs the token, so an <img> cannot fetch it by itself). */
  async blob(path: string): Promise<{ blob: Blob; headers: Headers }> {
    const res = await this.request(path);
    return { blob: await res.blob(), headers: res.headers };
  }
}
