// A heatmap of the pixels an edit changed, to lay over the photo: unchanged pixels are
// transparent; a changed one is red, turning yellow and more opaque the more it changed, so a
// reviewer sees at a glance where (and how hard) a result differs from its source.

/** Channel differences up to this are noise (JPEG re-encoding, resampling): not shown. */
export const CHANGE_THRESHOLD = 8;

export interface ChangeHeatmap {
  /** RGBA, the size of the inputs. */
  rgba: Uint8ClampedArray;
  /** Pixels over the threshold. */
  changed: number;
}

/**
 * `before` and `after` are RGBA images of the same `width` x `height`. A pixel's change is its
 * largest channel difference (alpha included).
 */
export function changeHeatmap(
  before: Uint8Array | Uint8ClampedArray,
  after: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
): ChangeHeatmap {
  const n = width * height;
  if (before.length !== n * 4 || after.length !== n * 4)
    throw new RangeError(
      `changeHeatmap: both images must be ${width}x${height} RGBA (${n * 4} bytes); got ${before.length} and ${after.length}`,
    );
  const rgba = new Uint8ClampedArray(n * 4);
  let changed = 0;
  for (let p = 0, i = 0; p < n; p++, i += 4) {
    const d = Math.max(
      Math.abs(before[i] - after[i]),
      Math.abs(before[i + 1] - after[i + 1]),
      Math.abs(before[i + 2] - after[i + 2]),
      Math.abs(before[i + 3] - after[i + 3]),
    );
    if (d <= CHANGE_THRESHOLD) continue;
    changed++;
    const t = Math.min(1, (d - CHANGE_THRESHOLD) / 96); // 0 at the threshold, 1 from a difference of ~100
    rgba[i] = 255;
    rgba[i + 1] = Math.round(220 * t);
    rgba[i + 2] = 0;
    rgba[i + 3] = Math.round(150 + 90 * t);
  }
  return { rgba, changed };
}
