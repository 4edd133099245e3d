// Page-side pixel plumbing for the diagnostics page: decode a picked file to RGBA (the browser
// decodes off the main thread) and draw results. No per-pixel loops here.
import type { RgbaImage, ScoredBox } from '../core/types.ts';

export async function decodeImage(blob: Blob): Promise<RgbaImage> {
  const bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const g = canvas.getContext('2d', { willReadFrequently: true })!;
  g.drawImage(bitmap, 0, 0);
  bitmap.close();
  const { data, width, height } = g.getImageData(0, 0, canvas.width, canvas.height);
  return { width, height, data };
}

export function drawImage(canvas: HTMLCanvasElement, image: RgbaImage): void {
  canvas.width = image.width;
  canvas.height = image.height;
  canvas.getContext('2d')!.putImageData(new ImageData(image.data as Uint8ClampedArray<ArrayBuffer>, image.width, image.height), 0, 0);
}

/** Outlines each box with its score, over whatever the canvas already shows. */
export function drawBoxes(canvas: HTMLCanvasElement, boxes: ScoredBox[]): void {
  const g = canvas.getContext('2d')!;
  const line = Math.max(2, Math.round(canvas.width / 400));
  g.lineWidth = line;
  g.font = `${line * 7}px system-ui, sans-serif`;
  for (const {
    box: [x0, y0, x1, y1],
    score,
  } of boxes) {
    g.strokeStyle = '#ff2d55';
    g.strokeRect(x0, y0, x1 - x0, y1 - y0);
    g.fillStyle = '#ff2d55';
    g.fillText(score.toFixed(2), x0, Math.max(line * 7, y0 - line));
  }
}
