// What one operation is, in one place: its manifest step (declared in <op>/step.ts), the
// models it may use, how it runs on pixels, how a manifest step becomes its parameters, and
// what a step's run record keeps of its result. Every host (browser worker, CLI, server)
// and the manifest runner reach an operation only through this shape, from the table
// (table.ts): adding an operation adds a folder and a row, no host code.
import type { StepDeclaration, StepSchemaLike } from '../core/manifest/index.ts';
import type { Mask, RgbaImage, ScoredBox } from '../core/types.ts';
import type * as z from 'zod';
import type { OpContext } from './context.ts';
import type { ModelRef, ModelTask } from './models.ts';

/** What an op reports about how it ran, copied into the step's run. */
export interface OpOutcome {
  engine?: string;
  backend?: string;
  model?: ModelRef;
  /** Every model file the op ran, when more than one (text detection's two detectors): replay needs them all. */
  models?: ModelRef[];
}

/** A step's recorded outcome: the run record's fields plus what the step made. */
export interface StepOutcome extends OpOutcome {
  /** The image after the step (ops that change pixels). */
  image?: RgbaImage;
  /** Boxes found (recorded in source pixels). */
  boxes?: ScoredBox[];
  /** Text still found after the step: a person should look. */
  leftover?: ScoredBox[];
  /** Pixels changed outside the step's text boxes (should be none): a person should look. */
  changedOutside?: number;
}

/** What a step may ask of the host while its parameters are made. */
export interface StepIO {
  /** The size of the image the step runs on. */
  width: number;
  height: number;
  /** Reads a mask file the step names, enlarged to the image the step runs on (pixel replication). */
  loadMask(path: string): Promise<Mask>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any step schema
export interface OpDefinition<D extends StepDeclaration<string, any> = StepDeclaration<string, any>, P = any, R = any> {
  /** The manifest step: op name, schema, coordinate fields. */
  step: D;
  /** Shown in the editor's status and notices. */
  label: string;
  /** Whether the op changes pixels (detect_text only records boxes): a host gives it a copy to write into. */
  changesPixels: boolean;
  /** The model tasks whose models it may run (models/models.json). */
  models: readonly ModelTask[];
  /** The op itself: pixels + parameters -> result. `image` may be written into. */
  run(image: RgbaImage, params: P, ctx: OpContext): Promise<R>;
  /** A manifest step, its coordinates already in the pixels of the image it runs on, as parameters. */
  params(step: z.output<D['schema']>, io: StepIO): P | Promise<P>;
  /** What the step's run record keeps of a result (and the image it made). */
  outcome(result: R): StepOutcome;
  /** Models a step names that must be installed (a host may check before running; e.g. an engine asked for by name). */
  requires?(step: z.output<D['schema']>): string[];
  /** The model a host that records one for every run (the Node host) names when the outcome names none. */
  defaultModel?: string;
}

export type StepOf<D extends StepDeclaration<string, StepSchemaLike>> = z.output<D['schema']>;

/** Checks a definition's types where it is written (params, run and outcome agree). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any step schema
export function defineOp<D extends StepDeclaration<string, any>, P, R>(op: OpDefinition<D, P, R>): OpDefinition<D, P, R> {
  return op;
}
