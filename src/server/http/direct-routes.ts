// The case studies' direct endpoints, for callers that want one answer now. Each runs as an
// ordinary job (same workers, limits, timeouts and records: it is listed under /jobs), and
// the request waits for it; a caller that hangs up cancels it.
//   POST /inpaint        image + mask (PNG, white = remove) [+ engine, dilate] -> the image
//   POST /text-remover   image -> the image with its text removed; a plain-text message otherwise
//   POST /inpaint/check  file + mode ("text": remove text, "detect": find it) -> JSON with result_url
import { rename, rm } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { Manifest } from '../../ops/manifest.ts';
import type { JobServerConfig } from '../jobs/config.ts';
import { isTerminal, type JobQueue, type JobRecord } from '../jobs/types.ts';
import { HttpError } from './http-error.ts';
import { jobLinks } from './job-view.ts';
import { refuseWhenFull, sendResult } from './job-routes.ts';
import { parseJobManifest, prepareJob } from './prepare-job.ts';
import { readUpload, type Upload } from './upload.ts';

async function runNow(queue: JobQueue, config: JobServerConfig, upload: Upload, steps: unknown[], req: FastifyRequest): Promise<JobRecord> {
  try {
    const manifest: Manifest = parseJobManifest(JSON.stringify({ steps }), upload, config);
    const { job } = await queue.submit(prepareJob(upload, manifest, upload.fields.timeout, config));
    return await new Promise<JobRecord>((resolve) => {
      const off = queue.subscribe(job.id, (j) => {
        if (!isTerminal(j.state)) return;
        off();
        socket?.off('close', left);
        resolve(j);
      });
      const socket = req.raw.socket;
      const left = () => void queue.cancel(job.id);
      socket?.once('close', left);
      if (isTerminal(job.state)) {
        off();
        resolve(job);
      }
    });
  } finally {
    await rm(upload.staged, { recursive: true, force: true });
  }
}

const numberField = (fields: Record<string, string>, name: string) => {
  if (fields[name] === undefined) return undefined;
  const n = Number(fields[name]);
  if (!Number.isInteger(n)) throw new HttpError(422, `${name} must be a whole number (got "${fields[name]}")`);
  return n;
};

export function registerDirectRoutes(app: FastifyInstance, queue: JobQueue, config: JobServerConfig, guard: preHandlerHookHandler) {
  const withResult = (job: JobRecord, reply: FastifyReply) => {
    if (job.state !== 'done' && job.state !== 'needs_review')
      throw new HttpError(job.state === 'failed' ? 422 : 503, job.error ?? `the job ended ${job.state}`);
    if (job.review_reasons) reply.header('x-review', job.review_reasons.join('; ').replace(/[^\x20-\x7e]/g, '?'));
    return sendResult(queue, job, reply.header('x-job-id', job.id));
  };

  app.post('/inpaint', { preHandler: guard }, async (req, reply) => {
    refuseWhenFull(queue, config);
    const upload = await readUpload(req, config, { imageFields: ['image'], textFields: [], otherFiles: true });
    let step;
    try {
      const mask = upload.files.get('mask');
      if (!mask) throw new HttpError(422, 'no mask: send a PNG (white = remove) in the "mask" field');
      // The step names the mask by its path in the job's input folder.
      if (upload.image.name === 'mask.png') throw new HttpError(422, 'name the image file something other than mask.png');
      await rename(`${upload.staged}/mask`, `${upload.staged}/mask.png`);
      upload.files.delete('mask');
      upload.files.set('mask.png', { ...mask, name: 'mask.png' });
      step = {
        op: 'inpaint',
        mask: 'mask.png',
        ...(upload.fields.engine ? { engine: upload.fields.engine } : {}),
        ...(upload.fields.dilate !== undefined ? { dilate: numberField(upload.fields, 'dilate') } : {}),
      };
    } catch (e) {
      await rm(upload.staged, { recursive: true, force: true });
      throw e;
    }
    return withResult(await runNow(queue, config, upload, [step], req), reply);
  });

  app.post('/text-remover', { preHandler: guard }, async (req, reply) => {
    try {
      refuseWhenFull(queue, config);
      const upload = await readUpload(req, config, { imageFields: ['image', 'file'], textFields: [], otherFiles: false });
      return await withResult(await runNow(queue, config, upload, [{ op: 'remove_text' }], req), reply);
    } catch (e) {
      // This endpoint's callers read a plain message, not JSON.
      if (e instanceof HttpError) return reply.code(e.status).headers(e.headers).type('text/plain; charset=utf-8').send(`${e.message}\n`);
      throw e;
    }
  });

  app.post('/inpaint/check', { preHandler: guard }, async (req, reply) => {
    refuseWhenFull(queue, config);
    const upload = await readUpload(req, config, { imageFields: ['file', 'image'], textFields: [], otherFiles: false });
    const mode = upload.fields.mode ?? 'text';
    if (mode !== 'text' && mode !== 'detect') {
      await rm(upload.staged, { recursive: true, force: true });
      throw new HttpError(422, `mode must be "text" (remove text) or "detect" (find it, change nothing) (got "${mode}")`);
    }
    const job = await runNow(queue, config, upload, [{ op: mode === 'text' ? 'remove_text' : 'detect_text' }], req);
    if (job.state !== 'done' && job.state !== 'needs_review')
      throw new HttpError(job.state === 'failed' ? 422 : 503, job.error ?? `the job ended ${job.state}`);
    const base = `${req.protocol}://${req.host}`;
    const links = jobLinks(job);
    return reply.send({
      job_id: job.id,
      state: job.state,
      result_url: `${base}${links.result}`,
      manifest_url: `${base}${links.manifest}`,
      ...(job.review_reasons ? { review_reasons: job.review_reasons } : {}),
    });
  });
}
