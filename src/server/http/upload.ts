// Reads a multipart upload (image, manifest, masks, small fields) into a staging folder,
// refusing as early as the bytes allow: an image whose header claims too many pixels is
// refused from its first bytes, before the rest is read; sizes over the limits are refused
// as soon as they pass them.
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { readImageHeader, type ImageHeader } from '../../core/image-header.ts';
import { relativePathProblem } from '../../core/manifest/index.ts';
import type { JobServerConfig } from '../jobs/config.ts';
import type { InputFile } from '../jobs/types.ts';
import { HttpError } from './http-error.ts';

export interface Upload {
  /** The folder holding the image and the other files, by their names. */
  staged: string;
  image: InputFile & { header?: ImageHeader };
  /** Other files, by field name (a manifest's mask path), e.g. { "mask_001.png": ... }. */
  files: Map<string, InputFile>;
  /** Text fields, and a manifest sent as a file, as text. */
  fields: Record<string, string>;
}

export interface UploadSpec {
  /** The image's field name(s). */
  imageFields: string[];
  /** Fields taken as text even when sent as files (a manifest). */
  textFields: string[];
  /** Other files are kept under their field name (masks); false refuses them. */
  otherFiles: boolean;
}

const TIFF = (b: Buffer) =>
  b.length >= 4 && (b.subarray(0, 4).equals(Buffer.from('II*\0')) || b.subarray(0, 4).equals(Buffer.from('MM\0*')));
const HEADER_BYTES = 4 * 1024 * 1024;

/** A name that is safe as one path segment and keeps the uploader's name recognisable. */
function safeName(filename: string | undefined, fallback: string): string {
  const name = basename(filename ?? '')
    .replace(/[^\w.+-]/g, '_')
    .slice(-100);
  return name && name !== '.' && name !== '..' && !name.startsWith('.') ? name : fallback;
}

function refuseSize(width: number, height: number, name: string, config: JobServerConfig): void {
  if (width * height <= config.maxImagePixels) return;
  throw new HttpError(
    413,
    `image ${name} is ${width}x${height} (${Math.round((width * height) / 1e6)} megapixels), over the ${config.maxImagePixels / 1e6} megapixel limit; send a smaller image`,
  );
}

/** A PNG states its size in its first chunk: judged before the rest of the file (which the full check walks) arrives. */
function pngClaim(head: Buffer): { width: number; height: number } | undefined {
  if (head.length < 24 || head.readUInt32BE(0) !== 0x89504e47 || head.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

/**
 * Judges an image from its first bytes: refused (413 too many pixels, 422 not an image), or
 * accepted (its header), or undefined while more bytes are needed. `final` when `head` is the whole file.
 */
function judgeHeader(head: Buffer, final: boolean, name: string, config: JobServerConfig): ImageHeader | 'tiff' | undefined {
  if (TIFF(head)) return 'tiff';
  const result = readImageHeader(head);
  if (result.ok) {
    refuseSize(result.header.width, result.header.height, name, config);
    return result.header;
  }
  if (result.problem === 'truncated' && !final) {
    const claim = pngClaim(head);
    if (claim) refuseSize(claim.width, claim.height, name, config);
    return undefined;
  }
  throw new HttpError(422, `image ${name}: ${result.message}`);
}

async function saveImage(part: MultipartFile, dest: string, config: JobServerConfig) {
  const name = part.filename || part.fieldname;
  const hash = createHash('sha256');
  let head = Buffer.alloc(0);
  let decided: ImageHeader | 'tiff' | undefined;
  let sized = false;
  let bytes = 0;
  const out = createWriteStream(dest);
  try {
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
      if (!decided && !sized && head.length < HEADER_BYTES) {
        head = Buffer.concat([head, chunk]);
        decided = judgeHeader(head, false, name, config);
        // A PNG whose stated size passed: the walk over its chunks waits for the whole file.
        sized = !decided && pngClaim(head) !== undefined;
      }
      if (!out.write(chunk)) await once(out, 'drain');
    }
    if (part.file.truncated) throw new HttpError(413, `image ${name} is over the ${config.maxImageBytes / 1024 / 1024} MB limit`);
  } finally {
    out.end();
    await once(out, 'close').catch(() => undefined);
  }
  // A header that needs more than the first bytes (e.g. a PNG's chunks are walked to the end).
  decided ??= judgeHeader(bytes === head.length ? head : await readFile(dest), true, name, config);
  return { sha256: hash.digest('hex'), bytes, header: decided === 'tiff' ? undefined : decided };
}

async function saveFile(part: MultipartFile, dest: string, limit: number, what: string) {
  mkdirSync(dirname(dest), { recursive: true });
  const hash = createHash('sha256');
  let bytes = 0;
  const out = createWriteStream(dest);
  try {
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > limit) throw new HttpError(413, `${what} is over the ${Math.round(limit / 1024 / 1024)} MB limit`);
      hash.update(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
    }
    if (part.file.truncated) throw new HttpError(413, `${what} is over the ${Math.round(limit / 1024 / 1024)} MB limit`);
  } finally {
    out.end();
    await once(out, 'close').catch(() => undefined);
  }
  return { sha256: hash.digest('hex'), bytes };
}

async function readText(part: MultipartFile, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of part.file as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > limit) throw new HttpError(413, `${part.fieldname} is over the ${limit / 1024} KB limit`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readUpload(req: FastifyRequest, config: JobServerConfig, spec: UploadSpec): Promise<Upload> {
  if (!req.isMultipart()) throw new HttpError(415, `send multipart/form-data with the image in the "${spec.imageFields[0]}" field`);
  const staged = join(config.dataDir, 'staging', randomUUID());
  mkdirSync(staged, { recursive: true });
  let image: Upload['image'] | undefined;
  const files = new Map<string, InputFile>();
  const fields: Record<string, string> = {};
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        if (part.valueTruncated) throw new HttpError(413, `field ${part.fieldname} is over the ${config.maxManifestBytes / 1024} KB limit`);
        fields[part.fieldname] = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
      } else if (spec.imageFields.includes(part.fieldname)) {
        if (image) throw new HttpError(422, `send one image (field "${part.fieldname}" came twice)`);
        const ext = extname(part.filename ?? '').toLowerCase();
        const name = safeName(part.filename, `image${ext || ''}`);
        image = { name, ...(await saveImage(part, join(staged, name), config)) };
      } else if (spec.textFields.includes(part.fieldname)) {
        fields[part.fieldname] = await readText(part, config.maxManifestBytes);
      } else if (spec.otherFiles) {
        const problem = relativePathProblem(part.fieldname);
        if (problem)
          throw new HttpError(422, `file field "${part.fieldname}": a mask's field name is its path in the manifest, which ${problem}`);
        const info = await saveFile(part, join(staged, part.fieldname), config.maxImageBytes, `file ${part.fieldname}`);
        files.set(part.fieldname, { name: part.fieldname, ...info });
      } else {
        throw new HttpError(
          422,
          `unexpected file field "${part.fieldname}" (expected ${[...spec.imageFields, ...spec.textFields].join(', ')})`,
        );
      }
    }
  } catch (e) {
    rmSync(staged, { recursive: true, force: true });
    if (e instanceof HttpError) throw e;
    const err = e as Error & { statusCode?: number; code?: string };
    if (err.code === 'FST_REQ_FILE_TOO_LARGE')
      throw new HttpError(413, `a file is over the ${config.maxImageBytes / 1024 / 1024} MB limit`);
    if (err.statusCode && err.statusCode < 500) throw new HttpError(err.statusCode, `the upload was refused: ${err.message}`);
    throw e;
  }
  if (!image) {
    rmSync(staged, { recursive: true, force: true });
    throw new HttpError(
      422,
      `no image: send it as a file in the "${spec.imageFields[0]}" field (curl -F "${spec.imageFields[0]}=@photo.jpg")`,
    );
  }
  if (image.bytes === 0) {
    rmSync(staged, { recursive: true, force: true });
    throw new HttpError(422, `image ${image.name} is empty (0 bytes)`);
  }
  return { staged, image, files, fields };
}
