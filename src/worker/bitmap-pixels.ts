// Images <-> straight (un-premultiplied) RGBA, exactly, on any thread with OffscreenCanvas.
// A 2D canvas stores premultiplied pixels, so reading one back changes RGB wherever
// 0 < alpha < 255 (and zeroes it under alpha 0). WebGL 2 uploads a bitmap made with
// premultiplyAlpha 'none' as it is and reads it back unchanged, so partly transparent images
// are read through WebGL (in tiles within the texture limit); opaque ones through a 2D canvas,
// which is exact for them and faster. Bitmaps made here are un-premultiplied too.
import type { RgbaImage } from '../core/types.ts';

/**
 * How document images are decoded everywhere (the page, the worker): upright, straight alpha,
 * and the file's own colour values (no ICC conversion to sRGB), so operations work on the
 * values the file holds and the exported file carries the same profile back.
 */
export const DECODE_OPTIONS: ImageBitmapOptions = {
  imageOrientation: 'from-image',
  premultiplyAlpha: 'none',
  colorSpaceConversion: 'none',
};

type Source = ImageBitmap | OffscreenCanvas | HTMLCanvasElement | HTMLImageElement;

let gl: WebGL2RenderingContext | null | undefined;

function webgl(): WebGL2RenderingContext | null {
  if (gl?.isContextLost()) gl = undefined;
  if (gl === undefined) {
    try {
      gl = new OffscreenCanvas(1, 1).getContext('webgl2', { antialias: false, depth: false, stencil: false, premultipliedAlpha: false });
    } catch {
      gl = null;
    }
  }
  return gl;
}

/** Straight RGBA through WebGL 2, tile by tile; null when WebGL fails (the caller falls back). */
function readWithWebGl(source: Source, width: number, height: number): Uint8ClampedArray<ArrayBuffer> | null {
  const g = webgl();
  if (!g) return null;
  const out = new Uint8ClampedArray(width * height * 4);
  const bytes = new Uint8Array(out.buffer);
  const tile = Math.min(4096, g.getParameter(g.MAX_TEXTURE_SIZE) as number);
  const texture = g.createTexture();
  const framebuffer = g.createFramebuffer();
  g.bindTexture(g.TEXTURE_2D, texture);
  g.bindFramebuffer(g.FRAMEBUFFER, framebuffer);
  g.pixelStorei(g.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
  g.pixelStorei(g.UNPACK_FLIP_Y_WEBGL, false);
  g.pixelStorei(g.UNPACK_COLORSPACE_CONVERSION_WEBGL, g.NONE);
  g.pixelStorei(g.UNPACK_ALIGNMENT, 1);
  g.pixelStorei(g.PACK_ALIGNMENT, 1);
  g.pixelStorei(g.PACK_ROW_LENGTH, width);
  try {
    for (let y0 = 0; y0 < height; y0 += tile) {
      for (let x0 = 0; x0 < width; x0 += tile) {
        const w = Math.min(tile, width - x0);
        const h = Math.min(tile, height - y0);
        g.pixelStorei(g.UNPACK_SKIP_PIXELS, x0);
        g.pixelStorei(g.UNPACK_SKIP_ROWS, y0);
        g.texImage2D(g.TEXTURE_2D, 0, g.RGBA8, w, h, 0, g.RGBA, g.UNSIGNED_BYTE, source as TexImageSource);
        g.framebufferTexture2D(g.FRAMEBUFFER, g.COLOR_ATTACHMENT0, g.TEXTURE_2D, texture, 0);
        g.readPixels(0, 0, w, h, g.RGBA, g.UNSIGNED_BYTE, bytes, (y0 * width + x0) * 4);
      }
    }
    return g.getError() === g.NO_ERROR ? out : null;
  } finally {
    g.pixelStorei(g.UNPACK_SKIP_PIXELS, 0);
    g.pixelStorei(g.UNPACK_SKIP_ROWS, 0);
    g.pixelStorei(g.PACK_ROW_LENGTH, 0);
    g.bindFramebuffer(g.FRAMEBUFFER, null);
    g.deleteFramebuffer(framebuffer);
    g.deleteTexture(texture);
  }
}

function readWith2d(source: Source, width: number, height: number): Uint8ClampedArray<ArrayBuffer> {
  const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(source, 0, 0);
  return ctx.getImageData(0, 0, width, height).data;
}

/**
 * A fresh straight-RGBA copy of an image at full size. `opaque` (every alpha is 255, e.g. a
 * JPEG) allows the faster 2D canvas; otherwise WebGL keeps RGB exact under partial alpha,
 * with the 2D canvas only as a last resort where WebGL 2 is missing.
 */
export function readPixels(source: Source, width: number, height: number, opaque = false): RgbaImage {
  const data = (!opaque && readWithWebGl(source, width, height)) || readWith2d(source, width, height);
  return { width, height, data };
}

/** An un-premultiplied bitmap of the pixels (the buffer is only read). */
export function bitmapOf(image: RgbaImage): Promise<ImageBitmap> {
  const data =
    image.data.byteOffset === 0 && image.data.byteLength === image.data.buffer.byteLength && image.data.buffer instanceof ArrayBuffer
      ? new Uint8ClampedArray(image.data.buffer)
      : new Uint8ClampedArray(image.data);
  return createImageBitmap(new ImageData(data, image.width, image.height), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
}
