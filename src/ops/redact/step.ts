// The redact manifest step: hides faces and/or text in a photo with an irreversible style.
// `boxes` records the boxes the operator accepted in review: when present, replay redacts
// exactly those instead of detecting.
import * as z from 'zod';
import { must, Region, type StepDeclaration } from '../../core/manifest/index.ts';
import { ReviewedBoxes } from '../reviewed-boxes.ts';

export const REDACT_TARGETS = ['faces', 'text'] as const;
export const REDACT_STYLES = ['blur', 'pixelate', 'fill'] as const;
export type RedactTarget = (typeof REDACT_TARGETS)[number];
export type RedactStyle = (typeof REDACT_STYLES)[number];

const schema = z.strictObject({
  op: z.literal('redact'),
  targets: z
    .array(z.enum(REDACT_TARGETS, { error: must(`one of ${REDACT_TARGETS.join(', ')}`) }), { error: must('a list of targets') })
    .min(1, { error: 'must name at least one of faces, text' })
    .max(2),
  style: z.enum(REDACT_STYLES, { error: must(`one of ${REDACT_STYLES.join(', ')}`) }),
  region: Region.optional(),
  boxes: ReviewedBoxes.optional(),
});

export const redactStep = {
  op: 'redact',
  schema,
  coordinates: { region: 'box', boxes: 'boxes' },
} as const satisfies StepDeclaration<'redact', typeof schema>;
