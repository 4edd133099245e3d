// Glyph-shaped boxes (glyphs.ts, GLYPH_ASPECTS): what the detector boxes on photos with no
// text in them is mostly square (an eye, a cup's rim, a dune's crest), and Remove text
// repainted it. Real photos, the real detectors through onnxruntime-node.
import { join, resolve } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RgbaImage, ScoredBox } from '../../core/types.ts';
import { createNodePort } from '../../runtime/ort-node.ts';
import { loadView } from '../../../scripts/eval/wider/generate.ts';
import { VIEWS } from '../../../scripts/eval/wider/views.ts';
import { removeText } from '../remove-text/remove-text.ts';
import { detectText } from './detect.ts';
import { withoutGlyphs } from './glyphs.ts';

const DEV = resolve(import.meta.dirname, '../../../../shared/datasets/dev');

async function rgba(img: Sharp): Promise<RgbaImage> {
  const { data, info } = await img.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data) };
}

/** The dev set's cat, mirrored (as the held-out synthetic set shows it): its right eye was boxed as text. */
const mirroredCat = () => rgba(sharp(join(DEV, 'holes/chelsea/truth.png')).flop());

/** Boxes of `width` x `height` at score 0.9. */
const sized = (...sizes: [number, number][]): ScoredBox[] => sizes.map(([w, h]) => ({ box: [10, 10, 10 + w, 10 + h], score: 0.9 }));

describe('glyph-shaped boxes', () => {
  it('are dropped; lines across and columns down are kept', () => {
    const kept = withoutGlyphs(sized([48, 53], [160, 30], [30, 40], [60, 36], [44, 30], [20, 60]));
    expect(kept.map((b) => [b.box[2] - b.box[0], b.box[3] - b.box[1]])).toEqual([
      [160, 30],
      [60, 36],
      [20, 60],
    ]);
  });

  const port = createNodePort();

  it('are what the detector finds on photos without text: none is reported', async () => {
    const dune = VIEWS.find((v) => v.name === 'dune-full')!;
    const photos = {
      cat: await mirroredCat(),
      coffee: await rgba(sharp(join(DEV, 'text/coffee/clean.png'))),
      dune: await loadView(dune),
    };
    for (const [name, photo] of Object.entries(photos)) {
      const all = (await detectText(photo, { glyphs: true }, { port })).boxes;
      // Each of them gets a box, square-ish (the cat's eye, the cup's rim, the dune's crest)...
      expect(all.length, name).toBeGreaterThan(0);
      expect(withoutGlyphs(all), name).toEqual([]);
      // ...which is not reported as text.
      expect((await detectText(photo, {}, { port })).boxes, name).toEqual([]);
    }
  });

  it("leave the cat's eye alone: Remove text changes no pixel of a photo without text", async () => {
    const cat = await mirroredCat();
    const r = await removeText(cat, {}, { port });
    expect(r.boxes).toEqual([]);
    expect(Buffer.from(r.image.data).equals(Buffer.from(cat.data))).toBe(true);
    expect(r.needsReview).toBe(false);
  });
});
