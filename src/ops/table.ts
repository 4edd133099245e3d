// Every operation in one table (register, don't switch): the manifest runner, the browser
// worker's generic run(opId, ...), the Node host (CLI, server) look operations up here by
// their manifest name. A row per op; the compiler asks for one for every step in STEPS.
import { detectTextOp } from './detect-text/op.ts';
import { inpaintOp } from './inpaint/op.ts';
import type { OpName, StepOf } from './manifest.ts';
import type { OpDefinition } from './op.ts';
import { removeTextOp } from './remove-text/op.ts';
import { upscaleOp } from './upscale/op.ts';

export const OPS = {
  detect_text: detectTextOp,
  remove_text: removeTextOp,
  inpaint: inpaintOp,
  upscale: upscaleOp,
} as const satisfies { [K in OpName]: OpDefinition & { step: { op: K } } };

export type OpId = keyof typeof OPS;
export type OpTable = { readonly [K in OpId]?: AnyOp };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a row of the table, whatever its params and result
export type AnyOp = OpDefinition<any, any, any>;

/** An op's parameters (what run takes besides the image) and result. */
export type ParamsOf<K extends OpId> = Parameters<(typeof OPS)[K]['run']>[1];
export type ResultOf<K extends OpId> = Awaited<ReturnType<(typeof OPS)[K]['run']>>;
export type { StepOf };

export const isOpId = (id: string): id is OpId => Object.hasOwn(OPS, id);

/** The op with manifest name `id`; a clear refusal naming the known ones otherwise. */
export function opById(id: string): (typeof OPS)[OpId] {
  if (!isOpId(id)) throw new RangeError(`Unknown operation "${id}". Known operations: ${Object.keys(OPS).join(', ')}.`);
  return OPS[id];
}
