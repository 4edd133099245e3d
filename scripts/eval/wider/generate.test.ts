// The wider set's generator: the same seed gives the same pixels, and the truth it writes
// (mask and boxes) is exactly what the overlays and holes changed. Needs Debian's
// mate-backgrounds, fonts-open-sans, fonts-roboto-unhinted, fonts-cantarell and
// fonts-freefont-ttf (the test says which are missing).
import { describe, expect, it } from 'vitest';
import type { Box } from '../../../src/core/types.ts';
import { graphicLineCase, holeCase, textCase } from './generate.ts';
import { missingSourcesMessage } from './sources.ts';
import { VIEWS } from './views.ts';

const view = (name: string) => VIEWS.find((v) => v.name === name)!;

describe('wider eval set generator', () => {
  it('has its Debian photos and fonts installed', () => {
    expect(missingSourcesMessage()).toBeNull();
  });

  it('renders a text case the same way twice, with a mask of exactly the changed pixels and tight boxes', async () => {
    const k = VIEWS.findIndex((v) => v.name === 'ladybird-full');
    const a = await textCase(VIEWS[k], k);
    const b = await textCase(VIEWS[k], k);
    expect(Buffer.from(a.texted.data).equals(Buffer.from(b.texted.data))).toBe(true);
    expect(a.boxes).toEqual(b.boxes);
    expect(a.boxes.length).toBeGreaterThanOrEqual(3);
    expect(a.boxes.filter((t) => t.style === 'near-object')).toHaveLength(2);

    const { width: w } = a.mask;
    const inBox = (x: number, y: number, [x0, y0, x1, y1]: Box) => x >= x0 && x < x1 && y >= y0 && y < y1;
    const tight = a.boxes.map(() => [Infinity, Infinity, -1, -1]);
    let maskWrong = 0,
      notInOneBox = 0;
    for (let i = 0; i < a.mask.data.length; i++) {
      const j = i * 4;
      const changed =
        a.texted.data[j] !== a.clean.data[j] ||
        a.texted.data[j + 1] !== a.clean.data[j + 1] ||
        a.texted.data[j + 2] !== a.clean.data[j + 2];
      if ((a.mask.data[i] === 255) !== changed || (a.mask.data[i] !== 0 && a.mask.data[i] !== 255)) maskWrong++;
      if (!changed) continue;
      const x = i % w,
        y = Math.floor(i / w);
      const owners = a.boxes.filter((t) => inBox(x, y, t.box));
      if (owners.length !== 1) notInOneBox++;
      if (!owners.length) continue;
      const t = tight[a.boxes.indexOf(owners[0])];
      t[0] = Math.min(t[0], x);
      t[1] = Math.min(t[1], y);
      t[2] = Math.max(t[2], x + 1);
      t[3] = Math.max(t[3], y + 1);
    }
    expect(maskWrong).toBe(0); // the mask is exactly the pixels the overlays changed
    expect(notInOneBox).toBe(0); // every text pixel lies in exactly one box
    expect(tight).toEqual(a.boxes.map((t) => t.box)); // each box is the bounding box of its pixels
    // the two near-object captions flank the object from opposite sides, off it
    const [ox0, oy0, ox1, oy1] = a.objects[0];
    const [p, q] = a.boxes.filter((t) => t.style === 'near-object').map((t) => t.box);
    const leftRight = (p[2] <= ox0 && q[0] >= ox1) || (q[2] <= ox0 && p[0] >= ox1);
    const aboveBelow = (p[3] <= oy0 && q[1] >= oy1) || (q[3] <= oy0 && p[1] >= oy1);
    expect(leftRight || aboveBelow).toBe(true);
  });

  it('paints exactly the hole white, the same way twice, and leaves the rest of the photo as it was', async () => {
    const a = await holeCase(view('storm-full'), 'edge');
    const b = await holeCase(view('storm-full'), 'edge');
    expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(true);
    let hole = 0,
      wrong = 0;
    for (let i = 0; i < a.mask.data.length; i++) {
      const j = i * 4;
      const same = [0, 1, 2].every((c) => a.image.data[j + c] === (a.mask.data[i] === 255 ? 255 : a.truth.data[j + c]));
      if (!same || (a.mask.data[i] !== 0 && a.mask.data[i] !== 255)) wrong++;
      if (a.mask.data[i] === 255) hole++;
    }
    expect(wrong).toBe(0);
    expect(hole).toBeGreaterThan(2000);
    // the hole crosses the horizon: it has pixels above and below the annotated line
    const [x0, y0, x1, y1] = view('storm-full').edges![0];
    let above = 0,
      below = 0;
    for (let i = 0; i < a.mask.data.length; i++) {
      if (!a.mask.data[i]) continue;
      const x = i % 960,
        y = Math.floor(i / 960);
      const lineY = y0 + ((x - x0) * (y1 - y0)) / (x1 - x0);
      if (y < lineY - 5) above++;
      if (y > lineY + 5) below++;
    }
    expect(above).toBeGreaterThan(200);
    expect(below).toBeGreaterThan(200);
  });

  it("puts each graphic's line hole over a band, the same way twice", async () => {
    for (let k = 0; k < 4; k++) {
      const a = await graphicLineCase(k);
      const b = await graphicLineCase(k);
      expect(Buffer.from(a.truth.data).equals(Buffer.from(b.truth.data))).toBe(true);
      expect(Buffer.from(a.mask.data).equals(Buffer.from(b.mask.data))).toBe(true);
      // the truth under the hole holds the band: pixels unlike the most common colour (the paper)
      const paper = (i: number) => [0, 1, 2].map((c) => a.truth.data[i * 4 + c]).join();
      const counts = new Map<string, number>();
      for (let i = 0; i < a.mask.data.length; i++) counts.set(paper(i), (counts.get(paper(i)) ?? 0) + 1);
      const background = [...counts.entries()].sort((p, q) => q[1] - p[1])[0][0];
      let inked = 0;
      for (let i = 0; i < a.mask.data.length; i++) if (a.mask.data[i] && paper(i) !== background) inked++;
      expect(inked, `graphic ${k}`).toBeGreaterThan(1000);
    }
  });
});
