// Web Worker body for the browser half of the inpainting bench: fills the crop it is sent
// several times with the built-in engine and answers with the times and the result's fingerprint.
import { patchMatchFill } from '../../src/ops/inpaint/patchmatch.ts';
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
    out = (await patchMatchFill({ width, height, data: rgba }, { width, height, data: hole }, { seed })).data;
    times.push(performance.now() - t0);
  }
  (self as unknown as Worker).postMessage({ times, fingerprint: fingerprint(out) });
};
