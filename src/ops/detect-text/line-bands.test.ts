// A faint handle that a stroke look reads only in part over the whole photo is read to its end
// in its band (line-bands.ts): the bench photo's 45% white "@studio.north" in a light font,
// whose "north" crosses a waterfall. Real detection on onnxruntime-node.
import { describe, expect, it } from 'vitest';
import type { Box } from '../../core/types.ts';
import { createNodePort } from '../../runtime/ort-node.ts';
import { captionedPhoto, WALLPAPERS } from '../../test-fixtures/captioned-photo.ts';
import { coveredFraction } from './coverage.ts';
import { detectText } from './detect.ts';

describe('detectText on a faint line over changing texture', () => {
  const port = createNodePort();

  it('reads a light watermark handle to its end, not only its first word', async () => {
    const { texted, boxes } = await captionedPhoto(WALLPAPERS.stream, 960, 600, [
      { text: 'FREE SHIPPING', x: 40, y: 120, size: 44, weight: 'bold', stroke: '#000' },
      { text: '@studio.north', x: 120, y: 420, size: 48, weight: 'light', opacity: 0.45 },
    ]);
    const handle = boxes[1];
    const found = (await detectText(texted, {}, { port })).boxes.map((b) => b.box);
    // Over the whole photo alone, the light-strokes look read "@studio." only (54% of the handle).
    expect(coveredFraction(handle, found)).toBeGreaterThan(0.8);
    // ...and the box stays on the handle's line, at most a line height past its ends.
    const h = handle[3] - handle[1];
    const onLine = found.filter((b) => coveredFraction(b, [handle]) > 0.5);
    expect(onLine).toHaveLength(1);
    expect(coveredFraction(onLine[0], [[handle[0] - h, handle[1] - 4, handle[2] + h, handle[3] + 4] as Box])).toBe(1);
  });
});
