// The text detector for the eval: the detect-text op on onnxruntime-node (lands from main).
import type { OpContext } from '../../src/ops/context.ts';
import type { TextDetector } from '../../src/ops/remove-text.ts';

export async function detector(): Promise<{ detect: TextDetector; ctx: OpContext }> {
  throw new Error('detect-text is not merged yet; run with --truth-boxes');
}
