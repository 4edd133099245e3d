// The CLI's host for the ops: which ops exist in this build, on onnxruntime-node.
// Each op is wired here as it lands; the runner refuses a manifest needing a missing one.
import type { OpContext } from '../ops/context.ts';
import type { StepOps } from '../ops/runner.ts';

export interface NodeHost {
  ops: Partial<StepOps>;
  ctx: OpContext;
}

export async function createNodeHost(): Promise<NodeHost> {
  return { ops: {}, ctx: {} };
}
