// Web Worker body for the browser half of the inpainting bench: fills the crop it is sent
// several times with the built-in engine and answers with the times and the result's fingerprint.
import { patchMatchFill } from '../../src/ops/inpaint/patchmatch.ts';
import { serveFills } from './fill-worker-body.ts';

serveFills((image, hole, seed) => patchMatchFill(image, hole, { seed }));
