// The detect_text manifest step. Records text boxes; changes no pixel. `boxes` records the
// boxes the operator accepted in the editor's review (they became mask): when present, replay
// takes them as the step's outcome instead of detecting.
import * as z from 'zod';
import { Region, type StepDeclaration } from '../../core/manifest/index.ts';
import { ReviewedBoxes } from '../reviewed-boxes.ts';

const schema = z.strictObject({ op: z.literal('detect_text'), region: Region.optional(), boxes: ReviewedBoxes.optional() });

export const detectTextStep = {
  op: 'detect_text',
  schema,
  coordinates: { region: 'box', boxes: 'boxes' },
  carriesOutcome: (step: z.output<typeof schema>) => step.boxes !== undefined,
} as const satisfies StepDeclaration<'detect_text', typeof schema>;
