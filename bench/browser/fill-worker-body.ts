// What the fill benches' Web Workers do: fill the photo they are sent `runs` times with one fill
// function, and answer with the times and the result's fingerprint (for comparison with Node).
import type { Mask, RgbaImage } from '../../src/core/types.ts';
import { fingerprint } from './fingerprint.ts';

interface Job {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  hole: Uint8Array;
  runs: number;
  seed: number;
}

export function serveFills(fill: (image: RgbaImage, hole: Mask, seed: number) => Promise<RgbaImage>): void {
  self.onmessage = async (e: MessageEvent<Job>) => {
    const { width, height, rgba, hole, runs, seed } = e.data;
    const times: number[] = [];
    let out: Uint8ClampedArray = rgba;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      out = (await fill({ width, height, data: rgba }, { width, height, data: hole }, seed)).data;
      times.push(performance.now() - t0);
    }
    (self as unknown as Worker).postMessage({ times, fingerprint: fingerprint(out) });
  };
}
