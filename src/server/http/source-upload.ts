// A source's bytes (the body of PUT /sources/<sha256>) streamed to a temporary file: hashed,
// counted and judged as they come, so the server holds at most the image's first 4 MB however
// large it is. Refused as soon as the bytes show it (413 over the size or pixel limit, 422 not
// an image); on a refusal, an error or an aborted upload the partial file is removed. The
// caller judges the whole file from `verdict` (readImageHeader's, see streamed-image.ts).
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { HeaderResult } from '../../core/image-header.ts';
import type { JobServerConfig } from '../jobs/config.ts';
import { HttpError } from './http-error.ts';
import { StreamedImage } from './streamed-image.ts';

export interface ReceivedSource {
  sha256: string;
  bytes: number;
  verdict: HeaderResult;
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

function overSize(config: JobServerConfig): HttpError {
  return new HttpError(413, `the image is over the ${mb(config.maxImageBytes)} limit; send a smaller file`);
}

export function overPixels(width: number, height: number, config: JobServerConfig): HttpError {
  return new HttpError(
    413,
    `the image is ${width}x${height} (${Math.round((width * height) / 1e6)} megapixels), over the ${config.maxImagePixels / 1e6} megapixel limit; send a smaller image`,
  );
}

/** Refuses a body whose stated length is over the limit before reading any of it. */
export function refuseStatedLength(contentLength: string | undefined, config: JobServerConfig): void {
  if (contentLength !== undefined && Number(contentLength) > config.maxImageBytes) throw overSize(config);
}

/** Writes `body` to `path` (a new file, never one that exists); the file is gone again when this throws. */
export async function receiveSource(body: Readable, path: string, config: JobServerConfig): Promise<ReceivedSource> {
  const hash = createHash('sha256');
  const image = new StreamedImage();
  let bytes = 0;
  let sized = false;
  const out = createWriteStream(path, { flags: 'wx' });
  const failed = once(out, 'error').then(([e]) => Promise.reject(e as Error));
  failed.catch(() => undefined); // read below, when it matters
  let opened = false;
  try {
    await Promise.race([once(out, 'open'), failed]);
    opened = true;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > config.maxImageBytes) throw overSize(config);
      hash.update(chunk);
      image.push(chunk);
      if (!sized) {
        const early = image.early();
        if (early && 'ok' in early) throw new HttpError(422, `the body is not an image the server reads: ${early.message}`);
        if (early && early.width * early.height > config.maxImagePixels) throw overPixels(early.width, early.height, config);
        sized = early !== undefined;
      }
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
    }
    out.end();
    await Promise.race([once(out, 'close'), failed]);
    if (bytes === 0) throw new HttpError(422, 'send the image file as the body (content-type: application/octet-stream)');
    return { sha256: hash.digest('hex'), bytes, verdict: image.verdict() };
  } catch (e) {
    out.destroy();
    if (opened) rmSync(path, { force: true });
    // No one is left to read an answer; this one keeps it out of the log of internal errors.
    if (body.readableAborted && !(e instanceof HttpError)) throw new HttpError(400, 'the upload was aborted before its end');
    throw e;
  }
}
