// OpenCV's fills as the reference the eval compares against, computed by the eval itself:
// cv2.inpaint INPAINT_TELEA (radius 5) and, optionally (slow: 10-30 s per 960x600 photo),
// xphoto's INPAINT_SHIFTMAP, run by Debian's /usr/bin/python3 with python3-opencv. Results are
// cached by a hash of method, parameters, image and mask in eval-results/cache/opencv/, so a
// rerun on the same cases costs nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Mask, RgbaImage } from '../../src/core/types.ts';
import { readRgba, writePng } from './pixels.ts';
import sharp from 'sharp';

export type OpenCvMethod = 'telea' | 'shiftmap';

export const PYTHON = '/usr/bin/python3';
const SCRIPT = resolve(import.meta.dirname, 'opencv_inpaint.py');
const CACHE = resolve(import.meta.dirname, '../../eval-results/cache/opencv');
const TELEA_RADIUS = 5;

/** Null when OpenCV can run here, else what to install. */
export function openCvMissing(method: OpenCvMethod = 'telea'): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found: install Debian's python3 and python3-opencv (apt-get install python3-opencv)`;
  const probe = method === 'shiftmap' ? 'import cv2; cv2.xphoto.INPAINT_SHIFTMAP' : 'import cv2; cv2.INPAINT_TELEA';
  const r = spawnSync(PYTHON, ['-c', probe], { encoding: 'utf8' });
  return r.status === 0 ? null : `OpenCV for ${PYTHON} is missing (${r.stderr.trim().split('\n').pop()}): apt-get install python3-opencv`;
}

function key(method: OpenCvMethod, image: RgbaImage, mask: Mask): string {
  const h = createHash('sha256');
  h.update(`${method} r${TELEA_RADIUS} ${image.width}x${image.height}\n`);
  h.update(image.data);
  h.update(mask.data);
  return h.digest('hex').slice(0, 32);
}

async function writeMask(file: string, m: Mask): Promise<void> {
  await sharp(Buffer.from(m.data), { raw: { width: m.width, height: m.height, channels: 1 } })
    .png()
    .toFile(file);
}

/** OpenCV's fill of `mask` (255 = fill) in each image; the same order as `jobs`. */
export async function openCvFill(method: OpenCvMethod, jobs: { image: RgbaImage; mask: Mask }[]): Promise<RgbaImage[]> {
  mkdirSync(CACHE, { recursive: true });
  const outs = jobs.map((j) => join(CACHE, `${key(method, j.image, j.mask)}.png`));
  const todo = jobs.map((j, i) => ({ ...j, out: outs[i] })).filter((j) => !existsSync(j.out));
  if (todo.length) {
    const missing = openCvMissing(method);
    if (missing) throw new Error(missing);
    const tmp = mkdtempSync(join(tmpdir(), 'cleanplate-opencv-'));
    try {
      const lines: string[] = [];
      for (const [i, j] of todo.entries()) {
        const image = join(tmp, `${i}.png`),
          mask = join(tmp, `${i}-mask.png`);
        await writePng(image, j.image);
        await writeMask(mask, j.mask);
        lines.push(JSON.stringify({ image, mask, out: j.out, method, radius: TELEA_RADIUS }));
      }
      const stdout = execFileSync(PYTHON, [SCRIPT], { input: lines.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 24 });
      const errors = stdout.split('\n').filter((l) => l.startsWith('error'));
      if (errors.length) throw new Error(`OpenCV ${method} failed: ${errors[0]}`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return Promise.all(outs.map((f) => readRgba(f)));
}
