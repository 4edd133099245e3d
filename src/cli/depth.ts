// 16-bit sources. The operations work on 8-bit RGBA; a PNG or TIFF result of a 16-bit source
// keeps the source's own 16-bit value at every pixel the steps left as they were (its 8-bit
// values equal the source's), and writes the steps' 8-bit values scaled to 16 bits (v * 257)
// where they changed it. Where that cannot be done (a JPEG or WebP result, or a size change such
// as an upscale) the result has 8 bits per channel, and depthNote says so.
import type { RgbaImage } from '../core/types.ts';
import type { OutputFormat, SourceInfo } from './image-io.ts';

export interface DeepSource {
  /** The source's values, RGBA, 16 bits per channel, upright. */
  values: Uint16Array;
  /** The 8-bit values the steps started from (the same pixels as decoded for them). */
  base: Uint8Array;
}

const DEEP_FORMATS: readonly OutputFormat[] = ['png', 'tiff'];

/** The result's 16-bit values, or null when the result is written with 8 bits. */
export function keptDepth(image: RgbaImage, format: OutputFormat, deep: DeepSource): Uint16Array | null {
  if (!keptDepthPossible(image, format, deep)) return null;
  const out = new Uint16Array(image.data.length);
  const now = image.data;
  for (let i = 0; i < now.length; i += 4) {
    const kept =
      now[i] === deep.base[i] && now[i + 1] === deep.base[i + 1] && now[i + 2] === deep.base[i + 2] && now[i + 3] === deep.base[i + 3];
    for (let c = i; c < i + 4; c++) out[c] = kept ? deep.values[c] : now[c] * 257;
  }
  return out;
}

/** What the user should know about the result's depth and colour, one line each. */
export function outputNotes(source: SourceInfo, format: OutputFormat, image: RgbaImage, deep?: DeepSource): string[] {
  const notes: string[] = [];
  if (source.convertedFrom) notes.push(`the source's ${source.convertedFrom} values were converted to sRGB; the result is tagged sRGB`);
  if (source.bitDepth === 16 && deep && !keptDepthPossible(image, format, deep)) {
    notes.push(
      DEEP_FORMATS.includes(format)
        ? 'the source has 16 bits per channel, but the steps changed the image size, so the result has 8 bits per channel'
        : `the source has 16 bits per channel; a ${format.toUpperCase()} result has 8 (write .png or .tiff to keep 16 bits)`,
    );
  }
  return notes;
}

const keptDepthPossible = (image: RgbaImage, format: OutputFormat, deep: DeepSource) =>
  DEEP_FORMATS.includes(format) && image.data.length === deep.base.length;
