// The rest of a faint line. Over busy texture a stroke look (stroke-look.ts) may read the start
// of a watermark and stop: over the whole bench photo the light-strokes look read "@studio."
// of a 45% white "@studio.north" and lost "north" where it crosses a waterfall, and no pass
// read "north" on its own. Seen again in a band around the line (plan.ts bandViews), with
// less of the texture around it, the same look reads on into "north": the whole photo's pass
// stopped at x 312 of a handle ending at 424, while three crops around the line tried at 1x
// to 1.5x each read to 376-423 (1.25x: 404-423). The band's boxes on the line widen it.
import type { Box, RgbaImage } from '../../core/types.ts';
import { throwIfAborted } from '../context.ts';
import type { ModelSession } from '../port.ts';
import { sameLine, type PassBox } from './merge.ts';
import { bandViews } from './plan.ts';
import { textBoxes, type DbParams } from './postprocess.ts';
import { detectorInput, type DetectorView } from './preprocess.ts';
import { STROKE_BOX_THRESHOLD, type StrokeBox } from './stroke-boxes.ts';

/** The band is seen this much finer than the view the line was found in, up to MAX_BAND_SCALE (plan.ts's largest). */
const BAND_ZOOM = 1.25;
const MAX_BAND_SCALE = 1.5;

const scaleOf = (v: DetectorView) => v.tensorWidth / (v.x1 - v.x0);

/**
 * The boxes the stroke looks read on each of `lines` in its band, as further passes from
 * `firstPass` on (mergePasses joins them to the line): those the look is as sure of as of a
 * line of its own (STROKE_BOX_THRESHOLD), on the line (sameLine). Each keeps the line's rows:
 * the band's finer view draws a taller box, and over the bench photo's waterfall the text mask
 * then took that box whole and the fill brought in fern leaves from the bank.
 * `views`: the view each pass saw (a line's `pass` indexes it).
 */
export async function lineBands(
  image: RgbaImage,
  lines: readonly StrokeBox[],
  views: readonly DetectorView[],
  region: Box,
  maxSide: number,
  session: ModelSession,
  params: DbParams,
  firstPass: number,
  signal?: AbortSignal,
): Promise<PassBox[]> {
  const found: PassBox[] = [];
  let pass = firstPass;
  for (const line of lines) {
    for (const view of bandViews(line.box, region, Math.min(MAX_BAND_SCALE, BAND_ZOOM * scaleOf(views[line.pass])), maxSide)) {
      throwIfAborted(signal);
      const input = detectorInput(image, view, line.polarity);
      if (!input) continue;
      const out = await session.run({ [session.inputNames[0]]: input }, signal);
      for (const b of textBoxes(out[session.outputNames[0]].data as Float32Array, view, params))
        if (b.score >= STROKE_BOX_THRESHOLD && sameLine(b.box, line.box))
          found.push({ box: [b.box[0], line.box[1], b.box[2], line.box[3]], score: b.score, pass, look: true });
      pass++;
    }
  }
  return found;
}
