// Web Worker body that runs the whole inpaint op (regions, engine choice, line continuation,
// compositing) on the photo and mask it is sent, and answers with the times and the result's
// fingerprint: what the editor's worker computes, for comparison with Node.
import { inpaint } from '../../src/ops/inpaint/index.ts';
import { serveFills } from './fill-worker-body.ts';

serveFills(async (image, hole, seed) => (await inpaint(image, hole, { seed })).image);
