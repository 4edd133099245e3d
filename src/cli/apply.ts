// The one pipeline behind every pixel command: source file + manifest -> result file and
// `<result>.manifest.json`, the executed manifest with source and result sha256 and one
// run per step. Same source + manifest + engines + backend => byte-identical result.
import { basename } from 'node:path';
import { sha256Hex } from '../core/hash.ts';
import { regionsOutside, type ExecutedManifest, type Manifest } from '../ops/manifest.ts';
import type { Mask } from '../core/types.ts';
import { reviewReasons } from '../ops/review-reasons.ts';
import { runManifest, type RunnerHost } from '../ops/runner.ts';
import { InputError } from './errors.ts';
import type { CliHost } from './host.ts';
import { outputNotes } from './depth.ts';
import { encodeImage, outputFormat, readImage } from './image-io.ts';
import { checkOutputFolder, writeSetAtomic, type OutputFile } from './output-files.ts';

export interface ApplyRequest {
  manifest: Manifest;
  /** The source image's path (its name is recorded), and its bytes when already in memory. */
  input: string;
  inputBytes?: Buffer;
  out: string;
  loadMask?: (path: string) => Promise<Mask>;
  stripMetadata?: boolean;
  /** Called before each step starts (the job server reports progress per step). */
  onStep?: RunnerHost['onStep'];
  /** Files written with the result as one set (the inpaint command's mask), made from the result. */
  companions?: (executed: ExecutedManifest) => Promise<OutputFile[]>;
}

export const executedManifestPath = (out: string) => `${out}.manifest.json`;

/** Prints the notes of an applied result on stderr. */
export function printNotes(notes: readonly string[]): void {
  for (const note of notes) process.stderr.write(`note: ${note}\n`);
}

/**
 * What a person should check in a result, or null: text still detected after remove_text,
 * or pixels it changed outside the text boxes.
 */
export function reviewNote(executed: ExecutedManifest): string | null {
  const reasons = reviewReasons(executed.result.runs);
  return reasons.length ? reasons.join('; ') : null;
}

export interface Applied {
  executed: ExecutedManifest;
  /** The encoded result and source, as written/read (for bundles). */
  resultBytes: Buffer;
  sourceBytes: Buffer;
  /** What changed on the way besides the steps (colour converted, depth reduced), one line each. */
  notes: string[];
}

export async function applyToFile(host: CliHost, request: ApplyRequest): Promise<Applied> {
  const { manifest, input, out } = request;
  const format = outputFormat(out);
  await checkOutputFolder(out);
  const source = await readImage(input, request.inputBytes);
  const { width, height } = source.image;
  const outside = regionsOutside(manifest, { width, height });
  if (outside.length) throw new InputError(outside.join('; '));
  // Buffers read from files own plain ArrayBuffers.
  const sourceSha = await sha256Hex(source.bytes as Uint8Array<ArrayBuffer>);
  if (manifest.source?.sha256 && manifest.source.sha256 !== sourceSha) {
    throw new InputError(`${input} is not the image this manifest was made for (its sha256 differs from source.sha256)`);
  }
  const { image, runs } = await runManifest(source.image, manifest, {
    ...host,
    loadMask: request.loadMask,
    onStep: request.onStep,
  }).finally(host.endProgress);
  const bytes = await encodeImage(image, format, source.info, { stripMetadata: request.stripMetadata }, source.deep);
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
  // The executed manifest goes last: it vouches for the result's bytes (outputs-match.ts).
  await writeSetAtomic([
    { path: out, bytes },
    ...((await request.companions?.(executed)) ?? []),
    { path: executedManifestPath(out), bytes: `${JSON.stringify(executed, null, 2)}\n` },
  ]);
  return { executed, resultBytes: bytes, sourceBytes: source.bytes, notes: outputNotes(source.info, format, image, source.deep) };
}
