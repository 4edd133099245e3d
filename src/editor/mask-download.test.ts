// "Download mask" after a Remove offers the mask the removal filled, not the emptied live mask.
import { describe, expect, it } from 'vitest';
import type { Mask, Stroke } from '../core/types.ts';
import type { DocumentImage, Edit } from './edits.ts';
import { maskDownload } from './mask-download.ts';

const image = (w: number, h: number): DocumentImage => ({ width: w, height: h, source: {} as CanvasImageSource });
const blank = (w: number, h: number): Mask => ({ width: w, height: h, data: new Uint8Array(w * h) });
const rect: Stroke = { points: [2, 3, 6, 5], width: 1, shape: 'rect' };
const removal = (strokes: Stroke[]): Edit => ({
  kind: 'replace-pixels',
  step: { op: 'inpaint', strokes, dilate: 4 },
  before: image(10, 8),
  after: image(10, 8),
});
const white = (m: Mask) => m.data.reduce((n, v) => n + (v === 255 ? 1 : 0), 0);

describe('maskDownload', () => {
  it('offers the live mask when something is brushed', () => {
    const mask = blank(10, 8);
    mask.data[0] = 255;
    const d = maskDownload(mask, [{ kind: 'mask', label: 'Brush', strokes: [rect] }]);
    expect(d.ok && d.what).toBe('current');
  });

  it('after a Remove, offers the mask the removal filled', () => {
    const d = maskDownload(blank(10, 8), [{ kind: 'mask', label: 'Rectangle', strokes: [rect] }, removal([rect])]);
    expect(d.ok && d.what).toBe('last-remove');
    expect(d.ok && [d.mask.width, d.mask.height, white(d.mask)]).toEqual([10, 8, 4 * 2]);
  });

  it('after an upscale, a cleared mask or nothing, says why there is no mask', () => {
    const upscale: Edit = { kind: 'replace-pixels', step: { op: 'upscale', scale: 2 }, before: image(10, 8), after: image(20, 16) };
    for (const done of [
      [],
      [removal([rect]), upscale],
      [{ kind: 'mask', label: 'Brush', strokes: [rect] }, { kind: 'clear-mask' }],
    ] as Edit[][]) {
      const d = maskDownload(blank(10, 8), done);
      expect(d).toEqual({ ok: false, reason: expect.stringMatching(/mask is empty/) });
    }
  });
});
