// onnxruntime's threads per cleanplate process. Left to itself onnxruntime may run one thread
// where there are more cores (on the project's 2-core VMs it did: its own count of physical
// cores came out as one), so a lone command asks for every core: a 960x600 detect ran 11%
// faster with two threads, a remove-text 9% (`npm run bench -- text`). Processes that run
// side by side (a batch's files, a worker's attempts) share the cores instead.
import { availableParallelism } from 'node:os';

/** The variable through which a parent gives a cleanplate process its share of the cores. */
export const THREADS_VARIABLE = 'CLEANPLATE_THREADS';

/** The cores each of `processes` side-by-side processes gets (at least one). */
export function shareOfCores(processes: number, cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / processes));
}

/** This process's onnxruntime threads: CLEANPLATE_THREADS when it is a whole number >= 1, else every core. */
export function inferenceThreads(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): number {
  const given = Number(env[THREADS_VARIABLE]);
  return Number.isInteger(given) && given >= 1 ? given : cores;
}
