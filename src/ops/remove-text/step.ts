// The remove_text manifest step: detects text (inside region, or everywhere), masks the boxes
// and fills them. `boxes` records the operator's reviewed boxes: when present, replay fills
// those instead of detecting.
import * as z from 'zod';
import { Dilate, Region, type StepDeclaration } from '../../core/manifest/index.ts';
import { ReviewedBoxes } from '../reviewed-boxes.ts';

const schema = z.strictObject({
  op: z.literal('remove_text'),
  region: Region.optional(),
  dilate: Dilate.optional(),
  boxes: ReviewedBoxes.optional(),
});

export const removeTextStep = {
  op: 'remove_text',
  schema,
  coordinates: { region: 'box', boxes: 'boxes' },
} as const satisfies StepDeclaration<'remove_text', typeof schema>;
