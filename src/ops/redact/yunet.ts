// YuNet's tensors (MODELS.md): the input a view of the photo becomes, and the decoding of its
// outputs into face boxes. Pure arithmetic, so every host decodes the same boxes.
import type { PortTensor } from '../port.ts';

/** YuNet takes any size that is a multiple of this (the image is padded, never stretched). */
export const YUNET_ALIGN = 32;
export const YUNET_STRIDES = [8, 16, 32] as const;
/** Face score kept (MODELS.md: about 0.6). */
export const FACE_SCORE = 0.6;
/** Boxes overlapping more than this (IoU) are one face. */
export const FACE_NMS_IOU = 0.3;

/** A face in some pixel space: box [x0, y0, x1, y1] as floats, score, five landmarks. */
export interface FaceBox {
  box: [number, number, number, number];
  score: number;
}

/** Plain RGBA pixels (a level of the pyramid); no dependency on core's image type needed here. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/**
 * YuNet's input for the crop [x0, x0 + w) x [y0, y0 + h) of `px`: BGR, raw 0..255, CHW, padded
 * with zeros to a multiple of 32 on the right and bottom.
 */
export function yunetInput(px: Pixels, x0: number, y0: number, w: number, h: number): PortTensor {
  const W = Math.max(YUNET_ALIGN, Math.ceil(w / YUNET_ALIGN) * YUNET_ALIGN);
  const H = Math.max(YUNET_ALIGN, Math.ceil(h / YUNET_ALIGN) * YUNET_ALIGN);
  const data = new Float32Array(3 * W * H);
  const plane = W * H;
  for (let y = 0; y < h; y++) {
    let s = ((y0 + y) * px.width + x0) * 4;
    let d = y * W;
    for (let x = 0; x < w; x++, s += 4, d++) {
      data[d] = px.data[s + 2];
      data[plane + d] = px.data[s + 1];
      data[2 * plane + d] = px.data[s];
    }
  }
  return { type: 'float32', data, dims: [1, 3, H, W] };
}

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/**
 * Decodes YuNet's outputs for a W x H input (MODELS.md): per stride s, cell i at
 * (col, row) = (i % (W/s), floor(i / (W/s))); score = sqrt(cls * obj); centre
 * ((col + b0) s, (row + b1) s); size (exp(b2) s, exp(b3) s). Keeps scores >= threshold.
 */
export function decodeYunet(outputs: Record<string, PortTensor>, W: number, H: number, threshold = FACE_SCORE): FaceBox[] {
  const faces: FaceBox[] = [];
  for (const s of YUNET_STRIDES) {
    const cls = outputs[`cls_${s}`]?.data as Float32Array | undefined;
    const obj = outputs[`obj_${s}`]?.data as Float32Array | undefined;
    const bbox = outputs[`bbox_${s}`]?.data as Float32Array | undefined;
    if (!cls || !obj || !bbox)
      throw new Error(`The face detector gave no stride-${s} outputs (cls_${s}, obj_${s}, bbox_${s}): is it YuNet?`);
    const cols = W / s;
    const n = cols * (H / s);
    if (cls.length !== n) throw new Error(`The face detector's cls_${s} has ${cls.length} cells, expected ${n} for a ${W}x${H} input.`);
    for (let i = 0; i < n; i++) {
      const score = Math.sqrt(clamp01(cls[i]) * clamp01(obj[i]));
      if (score < threshold) continue;
      const col = i % cols;
      const row = Math.floor(i / cols);
      const cx = (col + bbox[4 * i]) * s;
      const cy = (row + bbox[4 * i + 1]) * s;
      const w = Math.exp(bbox[4 * i + 2]) * s;
      const h = Math.exp(bbox[4 * i + 3]) * s;
      faces.push({ box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], score });
    }
  }
  return faces;
}

export function iou(a: readonly number[], b: readonly number[]): number {
  const ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = ix * iy;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/** Share of `a`'s area inside `b`. */
export function coveredBy(a: readonly number[], b: readonly number[]): number {
  const ix = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const iy = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const area = (a[2] - a[0]) * (a[3] - a[1]);
  return area > 0 ? (ix * iy) / area : 0;
}

/**
 * Greedy non-maximum suppression, best score first (ties: earlier box): a box overlapping a
 * kept one by more than `threshold` IoU, or lying mostly (> 0.7) inside a kept one (a face
 * seen again as part of itself at another scale), is the same face.
 */
export function nms<T extends FaceBox>(faces: readonly T[], threshold = FACE_NMS_IOU): T[] {
  const order = faces.map((_, i) => i).sort((a, b) => faces[b].score - faces[a].score || a - b);
  const kept: T[] = [];
  for (const i of order) {
    const f = faces[i];
    if (kept.every((k) => iou(k.box, f.box) <= threshold && coveredBy(f.box, k.box) <= 0.7)) kept.push(f);
  }
  return kept;
}
