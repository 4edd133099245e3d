// The review queue's API (reviewer tokens only, see http/auth.ts): the jobs in needs_review,
// oldest first, with their pictures; a reviewer's decisions (approve, reject, send back with a
// new manifest); what the editor needs to open a job; the audit log. The page at /review works
// over these routes only, as any other client would.
import { createReadStream, existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import { AUDIT_LOG } from '../jobs/embedded-queue.ts';
import { readAudit } from '../jobs/audit-log.ts';
import type { JobServerConfig } from '../jobs/config.ts';
import type { JobQueue, JobRecord, ReviewOutcome } from '../jobs/types.ts';
import { tokenName } from '../http/auth.ts';
import { HttpError } from '../http/http-error.ts';
import { IMAGE_TYPES } from '../http/job-routes.ts';
import { jobView } from '../http/job-view.ts';
import { changeMap, pickWidth, thumbnail } from './review-images.ts';
import { editorManifest, readExecuted, reviewItem, reviewPath } from './review-view.ts';
import { checkReason, prepareSendBack, type SendBackBody } from './send-back.ts';

type Id = { Params: { id: string } };

function found(queue: JobQueue, id: string): JobRecord {
  const job = queue.get(id);
  if (!job) throw new HttpError(404, `no job "${id}"`);
  return job;
}

function filesOf(queue: JobQueue, job: JobRecord) {
  if (job.expired_at) throw new HttpError(410, `job "${job.id}" finished at ${job.finished_at}; its files have expired`);
  const files = queue.files(job.id);
  return { ...files, source: join(files.input, job.image.name) };
}

function width(asked: string | undefined): number {
  if (asked === undefined) return pickWidth(1280);
  const w = Number(asked);
  if (!Number.isInteger(w) || w < 1 || w > 8192)
    throw new HttpError(400, `w must be a whole number of pixels from 1 to 8192 (got "${asked}")`);
  return pickWidth(w);
}

/** A decision the queue could not take: unknown job, or not (any more) in review. */
function decided(outcome: ReviewOutcome, id: string) {
  if (outcome.status === 'not_found') throw new HttpError(404, `no job "${id}"`);
  if (outcome.status === 'not_in_review') {
    const last = outcome.job.reviews?.at(-1);
    const by = last ? ` (${last.decision.replace('_', ' ')} by ${last.reviewer} at ${last.at})` : '';
    throw new HttpError(409, `job "${id}" is ${outcome.job.state}, not in review${by}; reload the queue`);
  }
  return { ...jobView(outcome.job), reviews: outcome.job.reviews ?? [] };
}

export function registerReviewRoutes(app: FastifyInstance, queue: JobQueue, config: JobServerConfig, guard: preHandlerHookHandler) {
  app.get('/review/whoami', { preHandler: guard }, async (req) => ({ reviewer: tokenName(req) }));

  app.get<{ Querystring: { after?: string; limit?: string } }>('/review/queue', { preHandler: guard }, async (req) => {
    const limit = req.query.limit === undefined ? 50 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new HttpError(400, 'limit must be a whole number from 1 to 500');
    const page = queue.list({ state: 'needs_review', after: req.query.after, limit });
    const next = page.next ? `/review/queue?${new URLSearchParams({ after: page.next, limit: String(limit) })}` : undefined;
    return { reviewer: tokenName(req), jobs: page.jobs.map((j) => reviewItem(queue, j)), ...(next ? { next } : {}) };
  });

  app.get<Id>('/review/jobs/:id', { preHandler: guard }, async (req) => reviewItem(queue, found(queue, req.params.id)));

  // The source and result: as uploaded / written, or an upright WebP thumbnail with ?w=.
  for (const which of ['source', 'result'] as const) {
    app.get<Id & { Querystring: { w?: string } }>(`/review/jobs/:id/${which}`, { preHandler: guard }, async (req, reply) => {
      const job = found(queue, req.params.id);
      const files = filesOf(queue, job);
      const file = which === 'source' ? files.source : files.result;
      if (!existsSync(file)) throw new HttpError(409, `job "${job.id}" has no ${which} (it is ${job.state})`);
      reply.header('cache-control', 'private, no-cache');
      if (req.query.w === undefined)
        return reply
          .header('content-type', IMAGE_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream')
          .send(createReadStream(file));
      return reply.header('content-type', 'image/webp').send(await thumbnail(queue, job, which, file, width(req.query.w)));
    });
  }

  app.get<Id & { Querystring: { w?: string } }>('/review/jobs/:id/diff', { preHandler: guard }, async (req, reply) => {
    const job = found(queue, req.params.id);
    const files = filesOf(queue, job);
    if (!existsSync(files.result)) throw new HttpError(409, `job "${job.id}" has no result to compare (it is ${job.state})`);
    const map = await changeMap(queue, job, files.source, files.result, width(req.query.w));
    return reply
      .header('content-type', 'image/png')
      .header('x-changed-share', map.changedShare.toFixed(6))
      .header('cache-control', 'private, no-cache')
      .send(map.png);
  });

  // What the editor opens: the manifest to replay on the source, and where its files are.
  app.get<Id>('/review/jobs/:id/editor', { preHandler: guard }, async (req) => {
    const job = found(queue, req.params.id);
    filesOf(queue, job);
    const self = reviewPath(job.id);
    return {
      job_id: job.id,
      state: job.state,
      manifest: editorManifest(job, readExecuted(queue, job)),
      source: { name: job.image.name, url: `${self}/source` },
      masks: job.masks.map((m) => ({ name: m.name, url: `${self}/input/${m.name.split('/').map(encodeURIComponent).join('/')}` })),
      send_back: `${self}/send-back`,
    };
  });

  app.get<{ Params: { id: string; '*': string } }>('/review/jobs/:id/input/*', { preHandler: guard }, async (req, reply) => {
    const job = found(queue, req.params.id);
    const files = filesOf(queue, job);
    const mask = job.masks.find((m) => m.name === req.params['*']);
    if (!mask) throw new HttpError(404, `job "${job.id}" has no mask file "${req.params['*']}"`);
    return reply.header('content-type', 'image/png').send(createReadStream(join(files.input, mask.name)));
  });

  app.post<Id & { Body: { decision?: unknown; reason?: unknown } }>('/review/jobs/:id/decision', { preHandler: guard }, async (req) => {
    const job = found(queue, req.params.id);
    const body = req.body ?? {};
    const decision =
      body.decision === 'approve' || body.decision === 'approved'
        ? 'approved'
        : body.decision === 'reject' || body.decision === 'rejected'
          ? 'rejected'
          : undefined;
    if (!decision)
      throw new HttpError(
        422,
        `"decision" must be "approve" or "reject" (to change the result, send it back: POST ${reviewPath(job.id)}/send-back)`,
      );
    const reason = checkReason(body.reason, decision === 'rejected');
    if (decision === 'approved' && job.state === 'needs_review' && !existsSync(queue.files(job.id).result))
      throw new HttpError(
        409,
        `job "${job.id}" has no result to approve (${job.error ?? 'no attempt finished'}); send it back or reject it`,
      );
    return decided(await queue.decide(job.id, { decision, reviewer: tokenName(req)!, ...(reason ? { reason } : {}) }), job.id);
  });

  // Masks travel base64 in the JSON body, so its limit is the image limit's.
  app.post<Id & { Body: SendBackBody }>(
    '/review/jobs/:id/send-back',
    { preHandler: guard, bodyLimit: Math.ceil(config.maxImageBytes * 1.4) + config.maxManifestBytes },
    async (req) => {
      const job = found(queue, req.params.id);
      if (job.state !== 'needs_review') decided({ status: 'not_in_review', job }, job.id);
      filesOf(queue, job);
      const next = prepareSendBack(req.body ?? {}, job, queue, config, tokenName(req)!);
      return decided(await queue.sendBack(job.id, next), job.id);
    },
  );

  app.get<{ Querystring: { job_id?: string } }>('/review/audit', { preHandler: guard }, async (req) => {
    const entries = readAudit(join(config.dataDir, AUDIT_LOG));
    return { entries: req.query.job_id ? entries.filter((e) => e.job_id === req.query.job_id) : entries };
  });
}
