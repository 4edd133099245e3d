// The routes `cleanplate worker` processes use when jobs queue on BullMQ: workers share no disk
// with the server, so they fetch a job's inputs here and upload its executed manifest and result
// back, which finishes the job (once: a finished or cancelled job refuses it with 409). Every
// route needs the workers' bearer token (CLEANPLATE_WORKER_TOKEN, or the one the server keeps
// in Redis).
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { writeFileDurably } from '../jobs/file-store.ts';
import type { BullJobQueue } from '../jobs/bull-queue.ts';
import { isTerminal, type JobRecord } from '../jobs/types.ts';
import { bearerGuard } from './auth.ts';
import { HttpError } from './http-error.ts';

/** Results may be far larger than inputs (an upscale): the limit is generous, the body streamed. */
const MAX_RESULT_BYTES = 4 * 1024 * 1024 * 1024;
const MAX_EXECUTED_BYTES = 512 * 1024 * 1024;

export async function registerInternalRoutes(app: FastifyInstance, queue: BullJobQueue): Promise<void> {
  const guard = bearerGuard([{ name: 'worker', digest: createHash('sha256').update(queue.workerToken).digest() }]);

  const open = (id: string): JobRecord => {
    const job = queue.get(id);
    if (!job) throw new HttpError(404, `no job "${id}"`);
    if (isTerminal(job.state)) throw new HttpError(409, `job "${id}" is already ${job.state}`);
    return job;
  };

  app.get<{ Params: { id: string; name: string } }>('/internal/jobs/:id/input/:name', { preHandler: guard }, async (req, reply) => {
    const job = open(req.params.id);
    const { name } = req.params;
    // Only the job's own inputs, by the names it recorded (never a path of the caller's choosing).
    if (name !== job.image.name && !job.masks.some((m) => m.name === name))
      throw new HttpError(404, `job "${job.id}" has no input "${name}"`);
    const path = join(queue.files(job.id).input, name);
    if (!existsSync(path)) throw new HttpError(410, `job "${job.id}"'s input "${name}" is gone`);
    return reply.header('content-type', 'application/octet-stream').send(createReadStream(path));
  });

  await app.register(async (scope) => {
    scope.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

    scope.put<{ Params: { id: string } }>(
      '/internal/jobs/:id/executed',
      { preHandler: guard, bodyLimit: MAX_EXECUTED_BYTES },
      async (req, reply) => {
        const job = open(req.params.id);
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of req.body as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (size > MAX_EXECUTED_BYTES) throw new HttpError(413, 'the executed manifest is over 512 MB');
          chunks.push(chunk);
        }
        const bytes = Buffer.concat(chunks);
        try {
          JSON.parse(bytes.toString('utf8'));
        } catch {
          throw new HttpError(422, 'the executed manifest is not JSON');
        }
        // Kept byte for byte as the worker's pipeline wrote it (GET /jobs/<id>/manifest serves it).
        writeFileDurably(queue.files(job.id).executed, bytes);
        return reply.code(204).send();
      },
    );

    scope.put<{ Params: { id: string } }>('/internal/jobs/:id/result', { preHandler: guard, bodyLimit: MAX_RESULT_BYTES }, async (req) => {
      const job = open(req.params.id);
      const { result } = queue.files(job.id);
      const tmp = `${result}.${randomBytes(6).toString('hex')}.upload`;
      try {
        await pipeline(req.body as NodeJS.ReadableStream, createWriteStream(tmp, { flush: true }));
        const after = queue.resultArrived(job.id, tmp);
        if (!after || (after.state !== 'done' && after.state !== 'needs_review'))
          throw new HttpError(409, `job "${job.id}" is ${after?.state ?? 'gone'}; the result was not kept`);
        return { job_id: job.id, state: after.state };
      } finally {
        rmSync(tmp, { force: true });
      }
    });
  });
}
