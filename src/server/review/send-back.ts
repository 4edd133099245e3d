// A reviewer's new manifest for a job, checked before it replaces the old one: the same rules
// as a submission (schema, regions inside the source image, stroke limit), masks either sent
// with it (base64 PNG by path) or already the job's own.
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { orientedSize, readImageHeader } from '../../core/image-header.ts';
import { relativePathProblem } from '../../core/manifest/index.ts';
import { parseManifest, type Manifest } from '../../ops/manifest.ts';
import type { JobServerConfig } from '../jobs/config.ts';
import type { InputFile, JobQueue, JobRecord, SendBack } from '../jobs/types.ts';
import { HttpError } from '../http/http-error.ts';

export interface SendBackBody {
  manifest?: unknown;
  reason?: unknown;
  /** New mask files by the path the manifest names them with: base64 PNG. */
  masks?: unknown;
}

function sourceSize(path: string): { width: number; height: number } | undefined {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4 * 1024 * 1024);
    const n = readSync(fd, head, 0, head.length, 0);
    const r = readImageHeader(head.subarray(0, n));
    return r.ok ? orientedSize(r.header) : undefined;
  } finally {
    closeSync(fd);
  }
}

export function checkReason(reason: unknown, required: boolean): string | undefined {
  if (reason === undefined || reason === null || reason === '') {
    if (required) throw new HttpError(422, 'a rejection needs a reason: pick one or type it ("reason": "...")');
    return undefined;
  }
  if (typeof reason !== 'string') throw new HttpError(422, '"reason" must be text');
  const text = reason.trim();
  if (text.length > 500) throw new HttpError(422, `"reason" is ${text.length} characters; keep it to 500`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new HttpError(422, '"reason" must be one line of text, without control characters');
  return text || undefined;
}

/** The checked send-back, its new masks written to a staging folder (removed by the queue). */
export function prepareSendBack(body: SendBackBody, job: JobRecord, queue: JobQueue, config: JobServerConfig, reviewer: string): SendBack {
  if (body.manifest === undefined || body.manifest === null)
    throw new HttpError(422, 'no manifest: send {"manifest": {...}, "reason": "..."} with the steps to run on the job\'s source');
  const text = typeof body.manifest === 'string' ? body.manifest : JSON.stringify(body.manifest);
  if (Buffer.byteLength(text) > config.maxManifestBytes)
    throw new HttpError(413, `the manifest is over the ${config.maxManifestBytes / 1024} KB limit`);
  const files = queue.files(job.id);
  const size = sourceSize(join(files.input, job.image.name));
  const parsed = parseManifest(text, size ? { imageSize: size } : {});
  if (!parsed.ok) throw new HttpError(422, `manifest: ${parsed.errors.join('; ')}`);
  const manifest: Manifest = parsed.manifest;
  if (manifest.source?.sha256 && manifest.source.sha256 !== job.image.sha256)
    throw new HttpError(
      422,
      `manifest: its source is another image (sha256 ${manifest.source.sha256.slice(0, 12)}…); a job is sent back on its own source`,
    );
  let points = 0;
  for (const step of manifest.steps) if (step.op === 'inpaint' && step.strokes) for (const s of step.strokes) points += s.points.length / 2;
  if (points > config.maxStrokePoints)
    throw new HttpError(
      422,
      `manifest: its strokes hold ${points} points, over the limit of ${config.maxStrokePoints}; send a mask PNG instead`,
    );

  const sent = body.masks ?? {};
  if (typeof sent !== 'object' || Array.isArray(sent)) throw new HttpError(422, '"masks" must be an object of {"<path>": "<base64 PNG>"}');
  const named = manifest.steps.flatMap((s) => (s.op === 'inpaint' && s.mask ? [s.mask] : []));
  const extra = Object.keys(sent).filter((m) => !named.includes(m));
  if (extra.length) throw new HttpError(422, `mask(s) the manifest does not name: ${extra.join(', ')}`);
  const staged = join(config.dataDir, 'staging', randomUUID());
  const masks: InputFile[] = [];
  try {
    for (const name of new Set(named)) {
      const own = job.masks.find((m) => m.name === name);
      const b64 = (sent as Record<string, unknown>)[name];
      if (b64 === undefined) {
        if (!own)
          throw new HttpError(
            422,
            `manifest names mask ${name}, which was neither sent ("masks": {"${name}": "<base64 PNG>"}) nor uploaded with the job`,
          );
        masks.push(own);
        continue;
      }
      const problem = relativePathProblem(name);
      if (problem) throw new HttpError(422, `mask "${name}": its path ${problem}`);
      if (typeof b64 !== 'string') throw new HttpError(422, `mask ${name} must be a base64 PNG`);
      const bytes = Buffer.from(b64, 'base64');
      const header = readImageHeader(bytes);
      if (!header.ok || header.header.format !== 'png') throw new HttpError(422, `mask ${name} is not a PNG`);
      const path = join(staged, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, bytes);
      masks.push({ name, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
    }
    const reason = checkReason(body.reason, false);
    const wrote = masks.some((m) => !job.masks.includes(m));
    return { manifest, masks, ...(wrote ? { staged } : {}), reviewer, ...(reason ? { reason } : {}) };
  } catch (e) {
    rmSync(staged, { recursive: true, force: true }); // nothing staged survives a refusal
    throw e;
  }
}
