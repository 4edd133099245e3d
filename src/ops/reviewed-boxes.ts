// A field the text steps share: boxes the operator reviewed (kept, adjusted, added), in source pixels.
import * as z from 'zod';
import { must, Region } from '../core/manifest/index.ts';

export const ReviewedBoxes = z
  .array(Region, { error: must('a list of [x0, y0, x1, y1] boxes') })
  .max(10_000, { error: 'must hold at most 10000 boxes' });
