// Turns an upload into a job to queue: the manifest parsed and checked against the limits,
// the masks it names matched with the uploaded files, the idempotency key computed
// (job_id + the image's sha256 + the manifest's content + the masks' sha256).
import { createHash, randomUUID } from 'node:crypto';
import { orientedSize } from '../../core/image-header.ts';
import { parseManifest, type Manifest } from '../../ops/manifest.ts';
import type { JobServerConfig } from '../jobs/config.ts';
import type { NewJob } from '../jobs/types.ts';
import { checkTarget, CallbackRefused } from '../callbacks/ssrf.ts';
import { HttpError } from './http-error.ts';
import type { Upload } from './upload.ts';

const RESULT_EXT: Record<string, string> = { jpeg: '.jpg', png: '.png', webp: '.webp' };

function strokePoints(manifest: Manifest): number {
  let n = 0;
  for (const step of manifest.steps) if (step.op === 'inpaint' && step.strokes) for (const s of step.strokes) n += s.points.length / 2;
  return n;
}

export function parseJobManifest(text: string | undefined, upload: Upload, config: JobServerConfig): Manifest {
  if (text === undefined)
    throw new HttpError(422, 'no manifest: send it as a file or a field named "manifest" (curl -F "manifest=@job.json")');
  if (Buffer.byteLength(text) > config.maxManifestBytes)
    throw new HttpError(413, `the manifest is over the ${config.maxManifestBytes / 1024} KB limit`);
  const header = upload.image.header;
  const parsed = parseManifest(text, header ? { imageSize: orientedSize(header) } : {});
  if (!parsed.ok) throw new HttpError(422, `manifest: ${parsed.errors.join('; ')}`);
  const manifest = parsed.manifest;
  const points = strokePoints(manifest);
  if (points > config.maxStrokePoints)
    throw new HttpError(
      422,
      `manifest: its strokes hold ${points} points, over the limit of ${config.maxStrokePoints}; simplify the strokes or send a mask PNG`,
    );
  if (manifest.callback && /^https?:/i.test(manifest.callback)) {
    try {
      checkTarget(new URL(manifest.callback), config.callbacks);
    } catch (e) {
      if (e instanceof CallbackRefused) throw new HttpError(422, `manifest: ${e.message}`);
      throw e;
    }
  }
  return manifest;
}

export function prepareJob(upload: Upload, manifest: Manifest, timeoutS: string | undefined, config: JobServerConfig): NewJob {
  const masks = manifest.steps.flatMap((s) => (s.op === 'inpaint' && s.mask ? [s.mask] : []));
  const missing = masks.filter((m) => !upload.files.has(m));
  if (missing.length)
    throw new HttpError(
      422,
      `manifest names mask file(s) not sent: ${missing.join(', ')}; send each as a file field named by its path (-F "${missing[0]}=@${missing[0]}")`,
    );
  const extra = [...upload.files.keys()].filter((f) => !masks.includes(f));
  if (extra.length) throw new HttpError(422, `file field(s) the manifest does not name: ${extra.join(', ')}`);
  if (masks.includes(upload.image.name))
    throw new HttpError(422, `the image's file name ${upload.image.name} is also a mask path; rename one`);

  let timeoutMs = config.defaultTimeoutMs;
  if (timeoutS !== undefined) {
    const s = Number(timeoutS);
    if (!Number.isFinite(s) || s <= 0 || s * 1000 > config.maxTimeoutMs)
      throw new HttpError(422, `timeout must be a number of seconds above 0, up to ${config.maxTimeoutMs / 1000} (got "${timeoutS}")`);
    timeoutMs = s * 1000;
  }
  const id = manifest.job_id ?? `job_${randomUUID()}`;
  const withId: Manifest = { ...manifest, job_id: id };
  const maskFiles = masks.map((m) => upload.files.get(m)!);
  const key = createHash('sha256')
    .update(JSON.stringify([id, upload.image.sha256, manifest, maskFiles.map((f) => f.sha256)]))
    .digest('hex');
  const ext = RESULT_EXT[upload.image.header?.format ?? ''] ?? (upload.image.header ? '.png' : '.tif');
  return {
    id,
    key,
    manifest: withId,
    image: { name: upload.image.name, sha256: upload.image.sha256, bytes: upload.image.bytes },
    masks: maskFiles,
    result_file: `result${ext}`,
    timeout_ms: timeoutMs,
    staged: upload.staged,
  };
}
