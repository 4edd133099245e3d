// Moving document pixels between the displayed image and plain RGBA buffers (for operations).
import type { RgbaImage } from '../core/types.ts';
import type { DocumentImage } from './edits.ts';

export interface PixelIO {
  /** A fresh straight-RGBA copy of the image at full resolution. */
  read(image: DocumentImage): RgbaImage;
  /** An image the stage can show, from an operation's result. */
  write(image: RgbaImage): Promise<DocumentImage>;
}

export const canvasPixels: PixelIO = {
  read(image) {
    const canvas = new OffscreenCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(image.source, 0, 0);
    const { data } = ctx.getImageData(0, 0, image.width, image.height);
    return { width: image.width, height: image.height, data };
  },
  async write(image) {
    const data = new Uint8ClampedArray(image.data.buffer as ArrayBuffer, image.data.byteOffset, image.data.length);
    const bitmap = await createImageBitmap(new ImageData(data, image.width, image.height), { premultiplyAlpha: 'none' });
    return { width: bitmap.width, height: bitmap.height, source: bitmap };
  },
};
