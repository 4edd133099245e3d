// A text box the removal could not change is reported, not passed as done. Where nothing in
// a box tells text from its background (an operator's box over no text; thin white
// lettering at 50% over a water drop's bright highlights, the wider set's aqua-full), the
// text mask is empty and the box keeps its pixels, and the check after the fill, which reads
// crops for what a fill left, may read nothing there. The result must say so.
import { describe, expect, it } from 'vitest';
import type { Box } from '../../core/types.ts';
import { createNodePort } from '../../runtime/ort-node.ts';
import { captionedPhoto } from '../../test-fixtures/captioned-photo.ts';
import { removeText } from './remove-text.ts';
import { changedShare, UNTOUCHED_SHARE } from './untouched.ts';

describe('removeText on a box it cannot change', () => {
  const port = createNodePort();

  it('reports the unchanged box for review and removes the rest', async () => {
    const { texted, boxes } = await captionedPhoto('/usr/share/backgrounds/mate/nature/Aqua.jpg', 960, 600, [
      { text: 'Summer at the lake', x: 560, y: 560, size: 30, weight: 'bold' },
    ]);
    // The caption's box, and one drawn over the smooth water left of the drop, where no text is.
    const empty: Box = [140, 330, 400, 372];
    const r = await removeText(texted, { boxes: [boxes[0], empty] }, { port });
    expect(changedShare(texted, r.image, boxes[0])).toBeGreaterThan(0.2);
    expect(changedShare(texted, r.image, empty)).toBeLessThan(UNTOUCHED_SHARE);
    expect(r.leftover.map((l) => l.box)).toEqual([empty]);
    expect(r.needsReview).toBe(true);
  });
});
