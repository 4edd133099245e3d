// The manifest of this build: core's envelope around the steps the operations declare
// (src/ops/<op>/step.ts). A new operation adds its step to STEPS; the step union, the op
// names in messages, the region checks and the run records follow from it.
//
// Why here and not in core: core imports nothing of ours, so it cannot name the operations.
// It keeps the envelope, field rules and messages and takes the steps by injection
// (defineManifest); this module is where they meet. It imports only the step declarations
// (zod schemas), never an op's code, so the editor may import it for parsing and types.
import type * as z from 'zod';
import { defineManifest, type Parsed } from '../core/manifest/index.ts';
import { detectTextStep } from './detect-text/step.ts';
import { inpaintStep } from './inpaint/step.ts';
import { removeTextStep } from './remove-text/step.ts';
import { upscaleStep } from './upscale/step.ts';

/** Every operation's manifest step, in the order messages list them. */
export const STEPS = [detectTextStep, removeTextStep, inpaintStep, upscaleStep] as const;

const MANIFEST = defineManifest(STEPS);

export const {
  StepSchema,
  RunSchema,
  ManifestSchema,
  OP_NAMES,
  coordinatesOf,
  carriesOutcome,
  maskFiles,
  regionsOutside,
  parseManifest,
  requireManifest,
  replayDrift,
} = MANIFEST;

export type Manifest = z.output<typeof ManifestSchema>;
export type Step = z.output<typeof StepSchema>;
export type OpName = Step['op'];
export type StepOf<K extends OpName> = Extract<Step, { op: K }>;
export type Run = z.output<typeof RunSchema>;
export type ManifestResult = NonNullable<Manifest['result']>;

/** The manifest written next to a result: what ran, on which source, giving which result. */
export type ExecutedManifest = Manifest & {
  source: { file?: string; sha256: string; width: number; height: number };
  result: ManifestResult;
};

export type ParsedManifest = Parsed<Manifest>;
export type { ParseOptions } from '../core/manifest/index.ts';
export { ManifestError, MANIFEST_TYPE, MANIFEST_VERSION, DRIFT_ADVICE } from '../core/manifest/index.ts';
