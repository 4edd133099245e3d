// The job API: POST /submit, GET /jobs, GET /jobs/:id (+ /result, /manifest, /events), DELETE /jobs/:id.
import { createReadStream, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { extname } from 'node:path';
import type { FastifyInstance, FastifyReply, preHandlerHookHandler } from 'fastify';
import type { JobServerConfig } from '../jobs/config.ts';
import { isTerminal, JOB_STATES, type JobQueue, type JobRecord, type JobState } from '../jobs/types.ts';
import { HttpError } from './http-error.ts';
import { jobLinks, jobPath, jobView } from './job-view.ts';
import { parseJobManifest, prepareJob } from './prepare-job.ts';
import { readUpload } from './upload.ts';

export const IMAGE_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.tif': 'image/tiff',
};

/** 429 before reading the body when too many jobs wait. */
export function refuseWhenFull(queue: JobQueue, config: JobServerConfig): void {
  if (queue.queuedCount() >= config.maxQueued) {
    const after = queue.retryAfterSeconds();
    throw new HttpError(429, `the queue is full (${config.maxQueued} jobs waiting); try again in ${after} s`, {
      'retry-after': String(after),
    });
  }
}

function found(queue: JobQueue, id: string): JobRecord {
  const job = queue.get(id);
  if (!job) throw new HttpError(404, `no job "${id}"`);
  return job;
}

/** Sends a finished job's result file, or says why there is none. */
export function sendResult(queue: JobQueue, job: JobRecord, reply: FastifyReply) {
  if (job.expired_at) throw new HttpError(410, `job "${job.id}" finished at ${job.finished_at}; its files have expired`);
  const { result } = queue.files(job.id);
  if ((job.state !== 'done' && job.state !== 'needs_review') || !existsSync(result)) {
    const why = ['failed', 'cancelled', 'needs_review', 'rejected'].includes(job.state) ? `: ${job.error ?? job.state}` : '';
    throw new HttpError(409, `job "${job.id}" is ${job.state}, it has no result${why}`);
  }
  return reply
    .header('content-type', IMAGE_TYPES[extname(result)] ?? 'application/octet-stream')
    .header('content-disposition', `inline; filename="${job.id.replace(/[^\w.-]/g, '_')}${extname(result)}"`)
    .send(createReadStream(result));
}

export function registerJobRoutes(app: FastifyInstance, queue: JobQueue, config: JobServerConfig, guard: preHandlerHookHandler) {
  app.post('/submit', { preHandler: guard }, async (req, reply) => {
    refuseWhenFull(queue, config);
    const upload = await readUpload(req, config, { imageFields: ['image'], textFields: ['manifest'], otherFiles: true });
    try {
      const manifest = parseJobManifest(upload.fields.manifest, upload, config);
      const outcome = await queue.submit(prepareJob(upload, manifest, upload.fields.timeout, config));
      const { job } = outcome;
      if (outcome.status === 'conflict') {
        throw new HttpError(
          409,
          `job_id "${job.id}" was already submitted with another image or manifest; send the same content to get that job, or use a new job_id`,
        );
      }
      return reply
        .code(outcome.status === 'created' ? 202 : 200)
        .header('location', jobPath(job.id))
        .send({ job_id: job.id, state: job.state, existing: outcome.status === 'existing', links: jobLinks(job) });
    } finally {
      await rm(upload.staged, { recursive: true, force: true });
    }
  });

  app.get<{ Querystring: { state?: string; after?: string; limit?: string } }>('/jobs', { preHandler: guard }, async (req) => {
    const { state, after } = req.query;
    if (state !== undefined && !(JOB_STATES as readonly string[]).includes(state))
      throw new HttpError(400, `state must be one of ${JOB_STATES.join(', ')} (got "${state}")`);
    const limit = req.query.limit === undefined ? 50 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new HttpError(400, `limit must be a whole number from 1 to 500`);
    const page = queue.list({ state: state as JobState | undefined, after, limit });
    const next = page.next
      ? `/jobs?${new URLSearchParams({ ...(state ? { state } : {}), after: page.next, limit: String(limit) })}`
      : undefined;
    return { jobs: page.jobs.map(jobView), ...(next ? { next } : {}) };
  });

  app.get<{ Params: { id: string } }>('/jobs/:id', { preHandler: guard }, async (req) => jobView(found(queue, req.params.id)));

  app.get<{ Params: { id: string } }>('/jobs/:id/result', { preHandler: guard }, async (req, reply) =>
    sendResult(queue, found(queue, req.params.id), reply),
  );

  app.get<{ Params: { id: string } }>('/jobs/:id/manifest', { preHandler: guard }, async (req, reply) => {
    const job = found(queue, req.params.id);
    const { executed } = queue.files(job.id);
    if (job.expired_at) throw new HttpError(410, `job "${job.id}" finished at ${job.finished_at}; its files have expired`);
    if (!existsSync(executed)) throw new HttpError(409, `job "${job.id}" is ${job.state}: no executed manifest yet`);
    return reply.header('content-type', 'application/json').send(createReadStream(executed));
  });

  app.delete<{ Params: { id: string } }>('/jobs/:id', { preHandler: guard }, async (req) => {
    const job = found(queue, req.params.id);
    if (isTerminal(job.state)) throw new HttpError(409, `job "${job.id}" is already ${job.state}`);
    return jobView((await queue.cancel(job.id))!);
  });

  // Server-sent events: the job's view on every change, until it ends and its callback is settled.
  // Streams still open when the server closes are ended, so closing does not wait on them.
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });
  app.get<{ Params: { id: string } }>('/jobs/:id/events', { preHandler: guard }, async (req, reply) => {
    const job = found(queue, req.params.id);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      ...Object.fromEntries(Object.entries(reply.getHeaders()).map(([k, v]) => [k, String(v)])),
    });
    let last = '';
    const send = (j: JobRecord) => {
      const data = JSON.stringify(jobView(j));
      if (data === last) return;
      last = data;
      res.write(`event: job\ndata: ${data}\n\n`);
      if (isTerminal(j.state) && j.callback?.state !== 'pending') end();
    };
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    const off = queue.subscribe(job.id, send);
    const end = () => {
      streams.delete(end);
      clearInterval(heartbeat);
      off();
      res.end();
    };
    streams.add(end);
    req.raw.on('close', end);
    send(job);
  });
}
