// The text detector for the eval: the detect-text op on onnxruntime-node.
import { detectText } from '../../src/ops/detect-text/detect.ts';
import type { OpContext } from '../../src/ops/context.ts';
import type { TextDetector } from '../../src/ops/remove-text/remove-text.ts';
import { createNodePort } from '../../src/runtime/ort-node.ts';

export async function detector(): Promise<{ detect: TextDetector; ctx: OpContext }> {
  const ctx: OpContext = { port: createNodePort() };
  return { detect: async (img, o, c) => (await detectText(img, o, c)).boxes, ctx };
}
