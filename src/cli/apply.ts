// The one pipeline behind every pixel command: source file + manifest -> result file and
// `<result>.manifest.json`, the executed manifest with source and result sha256 and one
// run per step. Same source + manifest + engines + backend => byte-identical result.
import { basename } from 'node:path';
import { sha256Hex } from '../core/hash.ts';
import { regionsOutside, type ExecutedManifest, type Manifest } from '../ops/manifest.ts';
import type { Mask } from '../core/types.ts';
import { runManifest } from '../ops/runner.ts';
import { InputError } from './errors.ts';
import type { CliHost } from './host.ts';
import { encodeImage, outputFormat, readImage, writeFileAtomic } from './image-io.ts';

export interface ApplyRequest {
  manifest: Manifest;
  /** The source image's path (its name is recorded), and its bytes when already in memory. */
  input: string;
  inputBytes?: Buffer;
  out: string;
  loadMask?: (path: string) => Promise<Mask>;
  stripMetadata?: boolean;
}

export const executedManifestPath = (out: string) => `${out}.manifest.json`;

/**
 * What a person should check in a result, or null: text still detected after remove_text,
 * or pixels it changed outside the text boxes.
 */
export function reviewNote(executed: ExecutedManifest): string | null {
  const notes = executed.result.runs.flatMap((r) => [
    ...(r.leftover?.length
      ? [
          `step ${r.step} (${r.op}): text may remain in ${r.leftover.map((b) => `[${b.slice(0, 4).map(Math.round).join(', ')}]`).join(', ')}`,
        ]
      : []),
    ...(r.changed_outside ? [`step ${r.step} (${r.op}): ${r.changed_outside} pixels changed outside the text boxes`] : []),
  ]);
  return notes.length ? notes.join('; ') : null;
}

export interface Applied {
  executed: ExecutedManifest;
  /** The encoded result and source, as written/read (for bundles). */
  resultBytes: Buffer;
  sourceBytes: Buffer;
}

export async function applyToFile(host: CliHost, request: ApplyRequest): Promise<Applied> {
  const { manifest, input, out } = request;
  const format = outputFormat(out);
  const source = await readImage(input, request.inputBytes);
  const { width, height } = source.image;
  const outside = regionsOutside(manifest, { width, height });
  if (outside.length) throw new InputError(outside.join('; '));
  // Buffers read from files own plain ArrayBuffers.
  const sourceSha = await sha256Hex(source.bytes as Uint8Array<ArrayBuffer>);
  if (manifest.source?.sha256 && manifest.source.sha256 !== sourceSha) {
    throw new InputError(`${input} is not the image this manifest was made for (its sha256 differs from source.sha256)`);
  }
  const { image, runs } = await runManifest(source.image, manifest, { ...host, loadMask: request.loadMask }).finally(host.endProgress);
  const bytes = await encodeImage(image, format, source.info, { stripMetadata: request.stripMetadata });
  const executed: ExecutedManifest = {
    ...manifest,
    source: { file: basename(input), sha256: sourceSha, width, height },
    result: {
      file: basename(out),
      sha256: await sha256Hex(bytes as Uint8Array<ArrayBuffer>),
      width: image.width,
      height: image.height,
      runs,
    },
  };
  await writeFileAtomic(out, bytes);
  await writeFileAtomic(executedManifestPath(out), `${JSON.stringify(executed, null, 2)}\n`);
  return { executed, resultBytes: bytes, sourceBytes: source.bytes };
}
