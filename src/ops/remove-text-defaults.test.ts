// The manifest runner passes a step's absent fields as undefined; remove_text must then fill
// exactly as when they are left out (the editor's call), or a replay would differ.
import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../core/types.ts';
import { removeText } from './remove-text.ts';

function stripes(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([((i % width) * 9) % 256, ((i / width) * 5) % 256, 120, 255], i * 4);
  return { width, height, data };
}

describe('remove_text defaults', () => {
  it('treats undefined options as absent', async () => {
    const boxes: [number, number, number, number][] = [[10, 10, 40, 18]];
    const left = await removeText(stripes(64, 48), { boxes, skipRecheck: true });
    const runner = await removeText(stripes(64, 48), { boxes, skipRecheck: true, region: undefined, dilate: undefined });
    expect(runner.image.data).toEqual(left.image.data);
  });
});
