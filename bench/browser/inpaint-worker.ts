// Web Worker body that runs the whole inpaint op (regions, engine choice, line continuation,
// compositing) on the photo and mask it is sent, and answers with the times and the result's
// fingerprint: what the editor's worker computes, for comparison with Node.
import { inpaint } from '../../src/ops/inpaint/index.ts';
import { fingerprint } from './fingerprint.ts';

interface Job {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  hole: Uint8Array;
  runs: number;
  seed: number;
}

self.onmessage = async (e: MessageEvent<Job>) => {
  const { width, height, rgba, hole, runs, seed } = e.data;
  const times: number[] = [];
  let out: Uint8ClampedArray = rgba;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    out = (await inpaint({ width, height, data: rgba }, { width, height, data: hole }, { seed })).image.data;
    times.push(performance.now() - t0);
  }
  (self as unknown as Worker).postMessage({ times, fingerprint: fingerprint(out) });
};
