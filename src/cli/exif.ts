// Carries the source's EXIF block into an encoded result (sharp can only keep EXIF from its
// own input, and our input is raw pixels): the shared core implementation, over Buffers.
import { withExif as insertExif } from '../core/exif.ts';
import type { OutputFormat } from './image-io.ts';

export function withExif(encoded: Buffer, format: OutputFormat, exif: Buffer): Buffer {
  const out = insertExif(encoded, format, exif);
  return out === encoded ? encoded : Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}
