// Sources by sha256, for the editor's whole jobs: the editor asks whether the server already
// holds an image (HEAD /sources/<sha256>), sends it once when not (PUT, the body is the file,
// streamed to disk and checked against its name), then submits any number of jobs on it (POST
// /sources/<sha256>/jobs with {"manifest": ..., "masks": {"<path>": "<base64 PNG>"}}) without
// sending it again; a finished job's result can be kept as a source for the next job
// (POST /sources/from-job/<id>). A job made here is an
// ordinary job (GET /jobs/:id, /events, /result), under the same tokens and limits as /submit.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { copyFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import type { HeaderResult } from '../../core/image-header.ts';
import type { JobServerConfig } from '../jobs/config.ts';
import type { InputFile, JobQueue } from '../jobs/types.ts';
import { relativePathProblem } from '../../core/manifest/index.ts';
import { HttpError } from './http-error.ts';
import { refuseWhenFull } from './job-routes.ts';
import { jobLinks, jobPath } from './job-view.ts';
import { parseJobManifest, prepareJob } from './prepare-job.ts';
import { overPixels, receiveSource, refuseStatedLength } from './source-upload.ts';
import { StreamedImage } from './streamed-image.ts';

const SHA256 = /^[0-9a-f]{64}$/;
const EXT: Record<string, string> = { jpeg: '.jpg', png: '.png', webp: '.webp', gif: '.gif', bmp: '.bmp', avif: '.avif' };

function checkedSha(sha: string): string {
  if (!SHA256.test(sha)) throw new HttpError(400, `"${sha}" is not a sha256: give 64 lowercase hex digits`);
  return sha;
}

/** Marks a source as used now (the sweep keeps it); false when it is not held. */
function touch(path: string): boolean {
  try {
    const now = new Date();
    utimesSync(path, now, now);
    return true;
  } catch {
    return false;
  }
}

/** Removes sources last used before `before` (ms since the epoch), and temporary files left by a crash. */
function dropSourcesOlderThan(folder: string, before: number): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return; // none kept yet
  }
  for (const name of names) {
    const path = join(folder, name);
    try {
      if (statSync(path).mtimeMs < before) rmSync(path, { force: true });
    } catch {
      /* removed meanwhile */
    }
  }
}

/** A held source's length and header, read through once (never the whole file in memory). */
async function judgeFile(path: string): Promise<{ bytes: number; header: HeaderResult }> {
  const image = new StreamedImage();
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    image.push(chunk);
  }
  return { bytes, header: image.verdict() };
}

/** Mask PNGs sent as base64 by the path their manifest names, written where /submit's would be. */
async function stageMasks(masks: Record<string, unknown>, staged: string): Promise<Map<string, InputFile>> {
  const files = new Map<string, InputFile>();
  for (const [path, value] of Object.entries(masks)) {
    const problem = relativePathProblem(path);
    if (problem) throw new HttpError(422, `mask "${path}": a mask's path ${problem}`);
    if (typeof value !== 'string') throw new HttpError(422, `mask "${path}": send the PNG file's bytes as base64`);
    const bytes = Buffer.from(value, 'base64');
    mkdirSync(dirname(join(staged, path)), { recursive: true });
    await writeFile(join(staged, path), bytes);
    files.set(path, { name: path, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
  }
  return files;
}

export function registerSourceRoutes(app: FastifyInstance, queue: JobQueue, config: JobServerConfig, guard: preHandlerHookHandler) {
  const folder = join(config.dataDir, 'sources');
  const pathOf = (sha: string) => join(folder, sha);
  // Sources last as long as results do (CLEANPLATE_RESULT_TTL_S) after they were last sent or asked for.
  const sweep = () => dropSourcesOlderThan(folder, Date.now() - config.resultTtlMs);
  sweep();
  const sweeper = setInterval(sweep, Math.min(config.resultTtlMs, 3600_000));
  sweeper.unref();
  app.addHook('onClose', async () => clearInterval(sweeper));
  const tempFor = (sha: string) => `${pathOf(sha)}.${randomUUID()}.tmp`;
  /** Puts the file at `tmp` in place as source `sha` (removed instead when it is held); false when it was there. */
  async function place(sha: string, tmp: string): Promise<boolean> {
    if (existsSync(pathOf(sha))) {
      rmSync(tmp, { force: true });
      return false;
    }
    await rename(tmp, pathOf(sha));
    return true;
  }
  void app.register(async (scope) => {
    // The body is handed over as the request stream: PUT streams it to disk (source-upload.ts).
    scope.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

    scope.head<{ Params: { sha: string } }>('/sources/:sha', { preHandler: guard }, async (req, reply) => {
      const held = touch(pathOf(checkedSha(req.params.sha)));
      return reply.code(held ? 200 : 404).send();
    });

    // Never more than the image's first 4 MB in memory, however large the body (up to
    // CLEANPLATE_MAX_IMAGE_MB); a body over it is refused as soon as it passes it.
    scope.put<{ Params: { sha: string }; Body: Readable | undefined }>('/sources/:sha', { preHandler: guard }, async (req, reply) => {
      const sha = checkedSha(req.params.sha);
      refuseStatedLength(req.headers['content-length'], config);
      if (!req.body) throw new HttpError(422, 'send the image file as the body (content-type: application/octet-stream)');
      mkdirSync(folder, { recursive: true });
      const tmp = tempFor(sha);
      const got = await receiveSource(req.body, tmp, config);
      try {
        if (got.sha256 !== sha) throw new HttpError(422, `the body's sha256 is ${got.sha256}, not ${sha}: send the file the address names`);
        if (!got.verdict.ok) throw new HttpError(422, `the body is not an image the server reads: ${got.verdict.message}`);
        const { width, height } = got.verdict.header;
        if (width * height > config.maxImagePixels) throw overPixels(width, height, config);
      } catch (e) {
        rmSync(tmp, { force: true });
        throw e;
      }
      const created = await place(sha, tmp);
      return reply.code(created ? 201 : 200).send({ sha256: sha, bytes: got.bytes });
    });

    // A finished job's result kept as a source too, so the next job on it (Remove, then Upscale)
    // sends nothing: the editor holds the same pixels, decoded from this file.
    scope.post<{ Params: { id: string } }>('/sources/from-job/:id', { preHandler: guard }, async (req, reply) => {
      const job = queue.get(req.params.id);
      if (!job) throw new HttpError(404, `no job "${req.params.id}"`);
      const { result } = queue.files(job.id);
      if ((job.state !== 'done' && job.state !== 'needs_review') || job.expired_at || !existsSync(result))
        throw new HttpError(409, `job "${job.id}" is ${job.state}, it has no result to keep`);
      // Copied, never read whole: a result can be as large as an upscaled photo.
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const chunk of createReadStream(result) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        bytes += chunk.length;
      }
      const sha = hash.digest('hex');
      if (!existsSync(pathOf(sha))) {
        mkdirSync(folder, { recursive: true });
        const tmp = tempFor(sha);
        await copyFile(result, tmp);
        await place(sha, tmp);
      }
      return reply.code(200).send({ sha256: sha, bytes });
    });

    scope.post<{ Params: { sha: string }; Body: { manifest?: unknown; timeout?: unknown; masks?: Record<string, unknown> } }>(
      '/sources/:sha/jobs',
      { preHandler: guard, bodyLimit: config.maxImageBytes },
      async (req, reply) => {
        const sha = checkedSha(req.params.sha);
        const source = pathOf(sha);
        if (!touch(source)) throw new HttpError(404, `no source ${sha} here: PUT it to /sources/${sha} first`);
        refuseWhenFull(queue, config);
        const manifest = req.body?.manifest;
        if (manifest === undefined || typeof manifest !== 'object')
          throw new HttpError(422, 'send {"manifest": {...}} as JSON, with the steps to run on the source');
        const { bytes, header } = await judgeFile(source);
        if (!header.ok) throw new HttpError(422, `source ${sha}: ${header.message}`);
        const staged = join(config.dataDir, 'staging', randomUUID());
        mkdirSync(staged, { recursive: true });
        try {
          const name = `source${EXT[header.header.format] ?? ''}`;
          await copyFile(source, join(staged, name));
          const upload = {
            staged,
            image: { name, sha256: sha, bytes, header: header.header },
            files: await stageMasks(req.body.masks ?? {}, staged),
            fields: {},
          };
          const parsed = parseJobManifest(JSON.stringify(manifest), upload, config);
          const timeout = req.body.timeout === undefined ? undefined : String(req.body.timeout);
          const outcome = await queue.submit(prepareJob(upload, parsed, timeout, config));
          const { job } = outcome;
          if (outcome.status === 'conflict')
            throw new HttpError(409, `job_id "${job.id}" was already submitted with another image or manifest; use a new job_id`);
          return reply
            .code(outcome.status === 'created' ? 202 : 200)
            .header('location', jobPath(job.id))
            .send({ job_id: job.id, state: job.state, existing: outcome.status === 'existing', links: jobLinks(job) });
        } finally {
          rmSync(staged, { recursive: true, force: true });
        }
      },
    );
  });
}
