// Face detection on photos of any size: YuNet over the pyramid's tiles, boxes mapped back to
// source pixels, one box per face (NMS across tiles and levels).
import type { Box, RgbaImage, ScoredBox } from '../../core/types.ts';
import { throwIfAborted, type OpContext } from '../context.ts';
import { modelRef, type ModelRef } from '../models.ts';
import type { Backend } from '../port.ts';
import { cutByTile, pyramid, toSource, views } from './pyramid.ts';
import { decodeYunet, FACE_SCORE, nms, yunetInput, type FaceBox } from './yunet.ts';

export const FACE_MODEL = 'yunet-n';

export interface DetectFacesOptions {
  /** Only look inside this box (source pixels). */
  region?: Box;
  /** Score kept (default FACE_SCORE). */
  threshold?: number;
}

export interface DetectFacesResult {
  /** Whole-pixel boxes (outward-rounded, clipped to the image or region), best first. */
  boxes: ScoredBox[];
  model: ModelRef;
  backend: Backend;
}

function crop(image: RgbaImage, [x0, y0, x1, y1]: Box): RgbaImage {
  if (x0 === 0 && y0 === 0 && x1 === image.width && y1 === image.height) return image;
  const w = x1 - x0;
  const data = new Uint8ClampedArray(w * (y1 - y0) * 4);
  for (let y = y0; y < y1; y++) data.set(image.data.subarray((y * image.width + x0) * 4, (y * image.width + x1) * 4), (y - y0) * w * 4);
  return { width: w, height: y1 - y0, data };
}

/** Faces in `image` (inside `region`), in source pixels. */
export async function detectFaces(image: RgbaImage, options: DetectFacesOptions = {}, ctx: OpContext = {}): Promise<DetectFacesResult> {
  if (!ctx.port) throw new Error('Face detection needs an inference port (a host with onnxruntime).');
  const region: Box = options.region ?? [0, 0, image.width, image.height];
  const [rx0, ry0, rx1, ry1] = region;
  if (
    ![rx0, ry0, rx1, ry1].every(Number.isInteger) ||
    rx0 < 0 ||
    ry0 < 0 ||
    rx1 > image.width ||
    ry1 > image.height ||
    rx1 <= rx0 ||
    ry1 <= ry0
  )
    throw new RangeError(
      `Face region [${region.join(', ')}] must be whole pixels inside the ${image.width}x${image.height} image, x1 > x0, y1 > y0.`,
    );
  ctx.onProgress?.({ stage: 'load model', fraction: 0 });
  const session = await ctx.port.session(FACE_MODEL);
  const levels = pyramid(crop(image, region));
  const all = views(levels);
  const found: FaceBox[] = [];
  for (const [i, v] of all.entries()) {
    throwIfAborted(ctx.signal);
    ctx.onProgress?.({ stage: 'detect faces', fraction: i / all.length, detail: `view ${i + 1}/${all.length}` });
    const level = levels[v.level];
    const w = v.x.end - v.x.start;
    const h = v.y.end - v.y.start;
    const input = yunetInput(level.pixels, v.x.start, v.y.start, w, h);
    const out = await session.run({ [session.inputNames[0]]: input }, ctx.signal);
    for (const f of decodeYunet(out, input.dims[3], input.dims[2], options.threshold ?? FACE_SCORE)) {
      const box = [f.box[0] + v.x.start, f.box[1] + v.y.start, f.box[2] + v.x.start, f.box[3] + v.y.start];
      if (cutByTile(box, v, level.pixels)) continue;
      found.push({ box: toSource(box, level), score: f.score });
    }
  }
  ctx.onProgress?.({ stage: 'detect faces', fraction: 1 });
  const rw = rx1 - rx0;
  const rh = ry1 - ry0;
  const boxes = nms(found).flatMap(({ box, score }): ScoredBox[] => {
    const b: Box = [
      rx0 + Math.max(0, Math.floor(box[0])),
      ry0 + Math.max(0, Math.floor(box[1])),
      rx0 + Math.min(rw, Math.ceil(box[2])),
      ry0 + Math.min(rh, Math.ceil(box[3])),
    ];
    return b[2] > b[0] && b[3] > b[1] ? [{ box: b, score }] : [];
  });
  return { boxes, model: modelRef(FACE_MODEL), backend: session.backend };
}
