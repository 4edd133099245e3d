// A light watermark over bright texture comes out (blend-letters.ts): the wider set's
// twowings-seeds, a 38% white "stockfield.example" whose right half lies over dandelion
// filaments. The text mask took filaments there too, the unblend read the letters between
// them as uncovered, and "xample" stayed readable, with nothing flagged. Rebuilt with the
// wider set's own generator; the operator's box for the watermark, the real check after it.
import { describe, expect, it } from 'vitest';
import type { Mask } from '../../core/types.ts';
import { createNodePort } from '../../runtime/ort-node.ts';
import { textCase } from '../../../scripts/eval/wider/generate.ts';
import { VIEWS } from '../../../scripts/eval/wider/views.ts';
import { removeText } from './remove-text.ts';
import { psnrWhere } from './test/psnr.ts';

describe('removeText on a light watermark over bright filaments', () => {
  it('takes out the letters over the filaments too', async () => {
    const k = VIEWS.findIndex((v) => v.name === 'twowings-seeds');
    const c = await textCase(VIEWS[k], k);
    const { box } = c.boxes.find((b) => b.text === 'stockfield.example')!;
    const r = await removeText(c.texted, { boxes: [box] }, { port: createNodePort() });
    // The letters' pixels (the truth's mask) between columns x0 and x1 of the box.
    const w = c.mask.width;
    const lettersIn = (x0: number, x1: number): Mask => ({
      ...c.mask,
      data: c.mask.data.map((v, i) =>
        v && i % w >= x0 && i % w < x1 && Math.floor(i / w) >= box[1] && Math.floor(i / w) < box[3] ? 1 : 0,
      ),
    });
    const half = Math.round((box[0] + box[2]) / 2);
    // The right half, "xample" over the filaments. Left as they were: 16.8 dB; with the text
    // mask's coverage alone, 25.3 (readable); now 27.3.
    const over = lettersIn(half, box[2]);
    expect(psnrWhere(c.texted, c.clean, over)).toBeLessThan(18);
    expect(psnrWhere(r.image, c.clean, over)).toBeGreaterThan(26.5);
    // and the left half's, over the plain orange, are gone as before (41.8 dB)
    expect(psnrWhere(r.image, c.clean, lettersIn(box[0], half))).toBeGreaterThan(38);
  });
});
