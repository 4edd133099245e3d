// Image files <-> RgbaImage with sharp, as the editor handles them: EXIF orientation
// applied, the file's own colour values (no ICC conversion), alpha kept, the same ICC profile
// bytes re-attached on output, EXIF kept unless stripped. Dimensions are checked from the
// header before anything is decoded. Two exceptions keep the output honest: a file whose values
// are not RGB (CMYK, or a grey profile) is converted to sRGB through its profile and the result
// is tagged sRGB, not with the source's profile; and a 16-bit file keeps its 16-bit values in a
// PNG or TIFF result wherever the (8-bit) operations left a pixel as it was (see depth.ts).
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import sharp, { type Metadata } from 'sharp';
import type { RgbaImage } from '../core/types.ts';
import { InputError, UsageError } from './errors.ts';
import { withExif } from './exif.ts';
import { iccColourSpace, withIcc } from '../core/icc.ts';
import { keptDepth, type DeepSource } from './depth.ts';

// A command reads each file once and writes each result once: libvips' operation cache (up
// to 50 MB of decoded images) only holds memory there, 20-40 MB of a remove-text's peak.
sharp.cache(false);

/** Largest input decoded, in pixels (the 24 MP photos we serve are well inside). */
export const MAX_INPUT_PIXELS = 100_000_000;

const OUTPUT_FORMATS = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg', '.webp': 'webp', '.tif': 'tiff', '.tiff': 'tiff' } as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[keyof typeof OUTPUT_FORMATS];

/** What of the source survives into the result besides its pixels. */
export interface SourceInfo {
  format: string;
  hasAlpha: boolean;
  icc?: Buffer;
  /** Raw EXIF block ("Exif\0\0" + TIFF), orientation already applied to the pixels. */
  exif?: Buffer;
  /** Bits per channel of the file's values (16 for 16-bit PNG and TIFF). */
  bitDepth: 8 | 16;
  /** The colour space the file's values were converted from to sRGB ('CMYK', 'GRAY'), when they were not RGB. */
  convertedFrom?: string;
}

export interface LoadedImage {
  image: RgbaImage;
  info: SourceInfo;
  bytes: Buffer;
  /** A 16-bit source's values, kept for the result (see depth.ts). */
  deep?: DeepSource;
}

let srgbProfile: Promise<Buffer> | null = null;
/** The sRGB profile libvips ships, to tag pixels converted to sRGB. */
function srgbIcc(): Promise<Buffer> {
  srgbProfile ??= sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
    .withIccProfile('srgb')
    .png()
    .toBuffer()
    .then(async (png) => (await sharp(png).metadata()).icc!);
  return srgbProfile;
}

/** The format an output path asks for, refused before any work when unsupported. */
export function outputFormat(path: string): OutputFormat {
  const ext = extname(path).toLowerCase();
  const format = OUTPUT_FORMATS[ext as keyof typeof OUTPUT_FORMATS];
  if (!format) throw new UsageError(`--out must end in ${Object.keys(OUTPUT_FORMATS).join(', ')} (got "${path}")`);
  return format;
}

export async function readInputFile(path: string, what = 'input'): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : (e as Error).message;
    throw new InputError(`cannot read ${what} ${path}: ${why}`);
  }
}

const firstLine = (e: unknown) => String((e as Error).message ?? e).split('\n')[0];

/** Decodes an image file (or its bytes, already read, e.g. from a bundle) to straight RGBA (the file's own values), upright. */
export async function readImage(path: string, preloaded?: Buffer): Promise<LoadedImage> {
  const bytes = preloaded ?? (await readInputFile(path));
  if (bytes.length === 0) throw new InputError(`${path} is empty (0 bytes), not an image`);
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw new InputError(`${path} is not a readable image (${firstLine(e)})`);
  }
  const { width = 0, height = 0 } = meta;
  if (!width || !height) throw new InputError(`${path} is not a readable image (no dimensions in its header)`);
  if (width * height > MAX_INPUT_PIXELS) {
    throw new InputError(
      `${path} is ${width}x${height} (${Math.round((width * height) / 1e6)} megapixels), over the ${MAX_INPUT_PIXELS / 1e6} megapixel limit; refusing to decode it`,
    );
  }
  // Values that are not RGB (CMYK, grey with a profile) cannot be kept as RGB: they are converted
  // to sRGB through their profile, and the result says so with an sRGB profile.
  const profileSpace = meta.icc ? iccColourSpace(meta.icc) : null;
  const convertedFrom = meta.space === 'cmyk' ? 'CMYK' : profileSpace && profileSpace !== 'RGB' ? profileSpace : undefined;
  const decode = (deep: boolean) => {
    let pipeline = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();
    // The file's own values, as the editor decodes them (its profile goes back on output).
    if (!convertedFrom) pipeline = pipeline.keepIccProfile();
    return pipeline
      .toColourspace(deep ? 'rgb16' : 'srgb')
      .ensureAlpha()
      .raw(deep ? { depth: 'ushort' } : {})
      .toBuffer({ resolveWithObject: true });
  };
  try {
    const { data, info } = await decode(false);
    const image = { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
    const bitDepth = meta.depth === 'ushort' ? 16 : 8;
    const deep =
      bitDepth === 16
        ? await decode(true).then(({ data: d }) => ({
            values: new Uint16Array(d.buffer, d.byteOffset, d.length / 2),
            base: Uint8Array.from(image.data),
          }))
        : undefined;
    const icc = convertedFrom ? await srgbIcc() : meta.icc;
    return {
      image,
      bytes,
      ...(deep ? { deep } : {}),
      info: {
        format: meta.format ?? 'unknown',
        hasAlpha: meta.hasAlpha === true,
        bitDepth,
        ...(icc ? { icc } : {}),
        ...(meta.exif ? { exif: meta.exif } : {}),
        ...(convertedFrom ? { convertedFrom } : {}),
      },
    };
  } catch (e) {
    throw new InputError(`${path} is corrupt or truncated (${firstLine(e)})`);
  }
}

export interface WriteOptions {
  /** Drop EXIF (camera, GPS, dates); the ICC profile stays, it is colour, not privacy. */
  stripMetadata?: boolean;
}

/**
 * PNG and TIFF lossless (sharp's TIFF default is JPEG-compressed), JPEG and WebP at quality 95.
 * PNG at zlib's default level 6: level 9 took 2.7x as long on a 960x600 photo (125-140 against
 * 46-48 ms, a tenth of a remove-text) for a file 1.9% smaller.
 */
const ENCODER_OPTIONS = {
  png: { compressionLevel: 6 },
  tiff: { compression: 'deflate', predictor: 'horizontal' },
  jpeg: { quality: 95 },
  webp: { quality: 95 },
} as const satisfies Record<OutputFormat, object>;

/**
 * Encodes in the format of the path's extension. Deterministic for identical pixels. Given a
 * 16-bit source's values, a PNG or TIFF of the same size is written with 16 bits (depth.ts).
 */
export async function encodeImage(
  image: RgbaImage,
  format: OutputFormat,
  source: SourceInfo,
  options: WriteOptions = {},
  deep?: DeepSource,
): Promise<Buffer> {
  const values = deep ? keptDepth(image, format, deep) : null;
  const raw = { width: image.width, height: image.height, channels: 4 } as const;
  let pipeline = values
    ? sharp(values, { raw }).toColourspace('rgb16')
    : sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length), { raw });
  if (!source.hasAlpha) pipeline = pipeline.removeAlpha();
  const plain = await pipeline.toFormat(format, ENCODER_OPTIONS[format]).toBuffer();
  // The pixels are the source's own values (decoded without conversion), so its profile bytes go
  // back unchanged, as the editor does.
  const encoded = source.icc ? asBuffer(withIcc(plain, format, source.icc)) : plain;
  return options.stripMetadata || !source.exif ? encoded : withExif(encoded, format, source.exif);
}

const asBuffer = (b: Uint8Array) => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));
